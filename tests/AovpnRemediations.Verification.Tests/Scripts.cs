using System.Text;

namespace AovpnRemediations.Verification.Tests;

/// <summary>Builds small scripts for unit tests and verifies them.</summary>
internal static class Scripts
{
    public const string Guard = "if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; Write-Output $r.Line; exit $r.ExitCode }";

    public static readonly ScriptVerifier Verifier = new();

    /// <summary>A minimal clean package script with <paramref name="body"/> as the first lines of Invoke-AovpnMain (line 3 on).</summary>
    public static string Package(string body) =>
        "Set-StrictMode -Version 2.0\n" +
        "function Invoke-AovpnMain {\n" +
        body + "\n" +
        "    return [pscustomobject]@{ ExitCode = 0; Line = '{}' }\n" +
        "}\n" +
        Guard + "\n";

    /// <summary>Verifies <paramref name="script"/> after turning its line endings into CRLF.</summary>
    public static IReadOnlyList<VerificationFinding> Verify(string script, ScriptRole role = ScriptRole.PackageScript) =>
        Verifier.Verify("test.ps1", Encoding.UTF8.GetBytes(script.ReplaceLineEndings("\r\n")), role);

    public static IReadOnlyList<ExpectedFinding> Found(string script, ScriptRole role = ScriptRole.PackageScript) =>
        Verify(script, role).Select(ExpectedFinding.Of).ToList();

    public static IReadOnlyList<string> Rules(string script, ScriptRole role = ScriptRole.PackageScript) =>
        Verify(script, role).Select(f => f.Rule).ToList();
}
