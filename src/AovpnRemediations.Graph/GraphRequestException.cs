namespace AovpnRemediations.Graph;

/// <summary>A Graph call that failed. The message is already redacted.</summary>
public class GraphRequestException : Exception
{
    public GraphRequestException(string message, int status, string? code, string method, string path, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        Code = code;
        Method = method;
        Path = path;
    }

    /// <summary>HTTP status, or 0 when no response arrived.</summary>
    public int Status { get; }

    public string? Code { get; }

    public string Method { get; }

    public string Path { get; }
}

/// <summary>
/// The connection dropped and the request was not retried because repeating it could do the work twice
/// (a POST that creates). Whether the server carried it out is unknown: callers reconcile by reading.
/// </summary>
public sealed class GraphOutcomeUnknownException(string message, string method, string path, Exception? inner)
    : GraphRequestException(message, 0, "OutcomeUnknown", method, path, inner);

/// <summary>The connection settings cannot be used (a plain-http URL to another machine); the message says what to pass instead.</summary>
public sealed class GraphSettingsException(string message) : Exception(message);

/// <summary>
/// The tenant is not in a state the command may act on: a name that does not resolve, an ownership conflict, an export
/// job the service gave up on. The message names what is wrong and what to do.
/// </summary>
public sealed class TenantStateException(string message) : Exception(message);
