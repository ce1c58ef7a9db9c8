namespace AovpnRemediations.Publish;

/// <summary>Bad arguments or settings for plan or apply; the message says what to pass instead.</summary>
public sealed class PublishInputException(string message) : Exception(message);

/// <summary>The output folder is missing, incomplete, or differs from its manifest; nothing was sent.</summary>
public sealed class OutputMismatchException(string message) : Exception(message);

/// <summary>
/// The profile enforces Intune's script signature check but scripts in output/ are unsigned: Intune would refuse to
/// run them on every device. Raised before any request is made.
/// </summary>
public sealed class UnsignedScriptsException(string message) : Exception(message);
