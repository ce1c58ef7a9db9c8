using System.CommandLine;
using System.Globalization;
using AovpnRemediations.Emit.Signing;
using AovpnRemediations.Verification;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>sign</c>: Authenticode-sign every script of an output folder in place, atomically.</summary>
internal static class SignCommand
{
    public static Command Create(CliSession session)
    {
        var output = CommonOptions.Output();
        output.Description = "The output folder to sign (build wrote it; it must match its manifest.json). It is replaced as a whole, or left as it was on any failure.";
        var signer = new SignerOptions();
        var command = new Command("sign", "Sign every .ps1 of an output folder (Authenticode, on any OS); re-signing replaces the old signatures.") { output };
        signer.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(output)!;
            using var opened = await signer.OpenAsync(parse, session, cancellationToken);
            var signed = await OutputSigning.SignFolderAsync(folder, opened, new ScriptVerifier(), cancellationToken);
            Report(session.Console, signed, folder);
            return (int)ExitCode.Success;
        });
        return command;
    }

    /// <summary>What signing did, for <c>sign</c> and <c>build --sign</c>.</summary>
    public static void Report(CliConsole console, SignedOutput signed, string folder)
    {
        foreach (var script in signed.Scripts)
        {
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  signed {script.Path,-60} +{script.BytesAdded} bytes"));
        }

        var added = signed.Scripts.Select(s => s.BytesAdded).ToList();
        var timestamp = signed.Scripts.FirstOrDefault(s => s.TimestampTime is not null)?.TimestampTime;
        console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Signed {signed.Scripts.Count} script(s) in {folder} as {signed.SignerSubject} ({signed.SignerThumbprint}) in {signed.Elapsed.TotalMilliseconds:F0} ms; each signature adds {added.Min()}-{added.Max()} bytes{(timestamp is null ? ", no timestamp" : $", timestamped {timestamp.Value.UtcDateTime:u}")}."));
        console.Out.WriteLine($"Devices must trust the signer before the scripts run with the signature check on: see {Path.Combine(folder, OutputSigning.SigningFolder, SignerTrustFiles.ReadmeFileName)} ({string.Join(", ", signed.TrustFiles.Select(Path.GetFileName))}).");
    }
}
