namespace AovpnRemediations.Publish;

/// <summary>Bad arguments or settings for plan or apply; the message says what to pass instead.</summary>
public sealed class PublishInputException(string message) : Exception(message);

/// <summary>The output folder is missing, incomplete, or differs from its manifest; nothing was sent.</summary>
public sealed class OutputMismatchException(string message) : Exception(message);
