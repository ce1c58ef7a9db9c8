namespace AovpnRemediations.Publish;

/// <summary>The CLI's exit codes (same values as AovpnRemediations.Cli.ExitCode), as publish returns them.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int ChangesPending = 2;
    public const int InvalidInput = 3;
    public const int OutputMismatch = 5;
    public const int GraphError = 6;
    public const int Cancelled = 130;
}

/// <summary>Bad arguments or settings (exit 3).</summary>
public sealed class PublishInputException(string message) : Exception(message);

/// <summary>The output folder is missing, incomplete, or differs from its manifest (exit 5).</summary>
public sealed class OutputMismatchException(string message) : Exception(message);

/// <summary>The tenant is not in a state publish may act on: missing names, ownership conflicts (exit 6).</summary>
public sealed class TenantStateException(string message) : Exception(message);
