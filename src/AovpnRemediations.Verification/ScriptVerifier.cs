using System.Management.Automation.Language;
using System.Text;

namespace AovpnRemediations.Verification;

/// <summary>What kind of script is verified; decides which rules and allow-lists apply.</summary>
public enum ScriptRole
{
    PackageScript,
    ConfigMgrImportScript,
}

/// <summary>One verification finding, printed as <c>file:line:col rule message</c>.</summary>
public sealed record VerificationFinding(string File, int Line, int Column, string Rule, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column} {Rule} {Message}";
}

/// <summary>Placeholder until the full verification stage lands: parse errors only.</summary>
public sealed class ScriptVerifier
{
    public IReadOnlyList<VerificationFinding> Verify(string displayPath, byte[] content, ScriptRole role)
    {
        Parser.ParseInput(Encoding.ASCII.GetString(content), out _, out var errors);
        return [.. errors.Select(e => new VerificationFinding(displayPath, e.Extent.StartLineNumber, e.Extent.StartColumnNumber, "ParseError", e.Message))];
    }
}
