namespace AovpnRemediations.Signing;

/// <summary>
/// A script cannot be signed as asked, or a signer cannot be used. The message names the file (or the signer)
/// and says how to fix it; the CLI prints it as is.
/// </summary>
public sealed class ScriptSigningException : Exception
{
    public ScriptSigningException(string message)
        : base(message)
    {
    }

    public ScriptSigningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
