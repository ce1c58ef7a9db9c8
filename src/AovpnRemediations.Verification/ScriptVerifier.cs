using System.Management.Automation.Language;
using AovpnRemediations.Verification.Allowlists;
using AovpnRemediations.Verification.Checks;
using AovpnRemediations.Verification.DotNet;

namespace AovpnRemediations.Verification;

/// <summary>
/// Verifies one generated script with the real PowerShell parser: the byte-level rules, parse errors, then every
/// AST rule in one walk. Thread-safe; the allow-lists and the index of the .NET Framework 4.8 reference assemblies are
/// built once per process, on first use.
/// </summary>
public sealed class ScriptVerifier
{
    /// <summary>The largest script accepted, in bytes (200 KB).</summary>
    public const int MaxScriptBytes = 204_800;

    /// <summary>
    /// The largest ConfigMgr import script accepted, in bytes (4 MB). It embeds every ConfigMgr package's scripts
    /// and is run on a site server, not uploaded to Intune, so Intune's 200 KB does not apply; the limit only
    /// stops a runaway build.
    /// </summary>
    public const int MaxImportScriptBytes = 4_194_304;

    private readonly AllowlistSet allowlists;
    private readonly TypeResolver types;

    /// <summary>A verifier that uses the embedded allow-lists and reference assemblies.</summary>
    public ScriptVerifier()
        : this(AllowlistSet.Embedded, TypeResolver.Embedded)
    {
    }

    internal ScriptVerifier(AllowlistSet allowlists, TypeResolver types)
    {
        this.allowlists = allowlists;
        this.types = types;
    }

    /// <summary>Every finding for <paramref name="content"/>, sorted by line, column and rule; empty when the script is clean.</summary>
    /// <param name="displayPath">The path printed in findings.</param>
    /// <param name="content">The script's bytes exactly as they will be uploaded.</param>
    /// <param name="role">Which contract applies.</param>
    public IReadOnlyList<VerificationFinding> Verify(string displayPath, byte[] content, ScriptRole role)
    {
        ArgumentNullException.ThrowIfNull(displayPath);
        ArgumentNullException.ThrowIfNull(content);

        var findings = new FindingList(displayPath);
        if (role == ScriptRole.ConfigMgrImportScript && content.Length > MaxImportScriptBytes)
        {
            findings.Add(1, 1, VerificationRules.ScriptTooLarge,
                $"{content.Length} bytes; the ConfigMgr import script may have at most {MaxImportScriptBytes} bytes (4 MB).");
        }
        else if (role != ScriptRole.ConfigMgrImportScript && content.Length > MaxScriptBytes)
        {
            findings.Add(1, 1, VerificationRules.ScriptTooLarge,
                $"{content.Length} bytes; a script may have at most {MaxScriptBytes} bytes (200 KB).");
        }

        var text = ScriptText.Decode(content, findings);
        ScriptText.CheckCharacters(text, findings);

        var script = Parser.ParseInput(text, out _, out var errors);
        foreach (var error in errors)
        {
            findings.Add(error.Extent, VerificationRules.ParseError, $"{error.ErrorId}: {error.Message}");
        }

        // The tree of a script that does not parse is the parser's guess; findings on it would be noise.
        if (errors.Length == 0)
        {
            AstChecks.Run(script, role, allowlists, types, findings);
        }

        return findings.ToSortedList();
    }
}
