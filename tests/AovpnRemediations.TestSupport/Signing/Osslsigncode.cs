using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AovpnRemediations.TestSupport.Signing;

/// <summary>
/// osslsigncode (2.8 or later reads .ps1) as an Authenticode verifier that is not ours. Tests that use it carry
/// Category=ExternalTool and fail, never skip, when it is missing: test.sh installs it.
/// </summary>
public static partial class Osslsigncode
{
    public sealed record Outcome(int ExitCode, string Output)
    {
        public bool Succeeded => ExitCode == 0 && Output.Contains("Signature verification: ok", StringComparison.Ordinal);

        /// <summary>The digest recorded in the signature and the one osslsigncode computed from the text.</summary>
        public (string? Current, string? Calculated) Digests =>
            (CurrentDigest().Match(Output) is { Success: true } c ? c.Groups[1].Value : null,
             CalculatedDigest().Match(Output) is { Success: true } k ? k.Groups[1].Value : null);
    }

    /// <summary><c>osslsigncode verify -in file -CAfile ca.pem [-TSA-CAfile tsa.pem]</c>; exit code 0 means verified.</summary>
    public static Outcome Verify(string file, string caFile, string? tsaCaFile = null)
    {
        var arguments = new List<string> { "verify", "-in", file, "-CAfile", caFile };
        if (tsaCaFile is not null)
        {
            arguments.AddRange(["-TSA-CAfile", tsaCaFile]);
        }

        return Run(arguments);
    }

    public static Outcome Run(IEnumerable<string> arguments)
    {
        var path = Find() ?? throw new InvalidOperationException(
            "osslsigncode is not installed; it is the independent Authenticode verifier for these tests. Run ./test.sh (it installs it) or: apt-get install -y osslsigncode");
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new Outcome(process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "osslsigncode"))
            .FirstOrDefault(File.Exists);

    [GeneratedRegex(@"Current message digest\s*:\s*([0-9A-F]+)")]
    private static partial Regex CurrentDigest();

    [GeneratedRegex(@"Calculated message digest\s*:\s*([0-9A-F]+)")]
    private static partial Regex CalculatedDigest();
}
