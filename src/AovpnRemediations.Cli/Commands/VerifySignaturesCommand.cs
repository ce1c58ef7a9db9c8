using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AovpnRemediations.Emit.Signing;
using AovpnRemediations.Signing.Verification;

namespace AovpnRemediations.Cli.Commands;

/// <summary><c>verify-signatures</c>: every script of an output folder verified against the trust anchors given, each reported.</summary>
internal static class VerifySignaturesCommand
{
    public static Command Create(CliConsole console)
    {
        var output = CommonOptions.Output();
        output.Description = "The signed output folder.";
        var anchors = new Option<string[]>("--trust-anchor")
        {
            Description = "A root CA (or a self-signed signer) certificate, PEM or DER, that signers must chain to; repeat for several. The system's roots are never used.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var tsaAnchors = new Option<string[]>("--tsa-anchor")
        {
            Description = "A root the timestamp authority must chain to (default: the --trust-anchor certificates); repeat for several.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("verify-signatures", "Verify the signature of every .ps1 in an output folder: digest, chain to a trust anchor, validity, timestamp, unchanged since signing.")
        {
            output,
            anchors,
            tsaAnchors,
        };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(output)!;
            var tsa = parse.GetValue(tsaAnchors) ?? [];
            var options = new SignatureVerificationOptions
            {
                TrustAnchors = Load(parse.GetValue(anchors) ?? [], "--trust-anchor"),
                TimestampTrustAnchors = tsa.Length == 0 ? null : Load(tsa, "--tsa-anchor"),
            };
            var verdicts = OutputSignatureCheck.Verify(folder, options);
            foreach (var verdict in verdicts)
            {
                if (verdict.IsValid)
                {
                    var stamp = verdict.Signature.TimestampTime is { } time ? $", timestamp {time.UtcDateTime:u}" : ", no timestamp";
                    console.Out.WriteLine($"ok      {verdict.Path}  {verdict.Signature.SignerSubject} ({verdict.Signature.SignerThumbprint}), {verdict.Signature.DigestAlgorithm}{stamp}");
                }
                else
                {
                    console.Out.WriteLine($"FAILED  {verdict.Path}");
                    foreach (var problem in verdict.Problems)
                    {
                        console.Out.WriteLine("          " + problem);
                    }
                }
            }

            var failed = verdicts.Count(v => !v.IsValid);
            if (verdicts.Count == 0)
            {
                console.Error.WriteLine($"error: {folder} has no .ps1 file to verify.");
                return (int)ExitCode.SignatureCheckFailed;
            }

            console.Out.WriteLine($"{verdicts.Count} script(s): {verdicts.Count - failed} valid, {failed} failed.");
            if (failed > 0)
            {
                console.Error.WriteLine($"error: {failed} of {verdicts.Count} script(s) in {folder} are unsigned, changed after signing or not trusted; see above.");
                return (int)ExitCode.SignatureCheckFailed;
            }

            return (int)ExitCode.Success;
        });
        return command;
    }

    private static X509Certificate2Collection Load(IEnumerable<string> files, string option)
    {
        var collection = new X509Certificate2Collection();
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw new UsageException($"{option} {file}: no such file; give a certificate file (.cer, .crt or .pem).");
            }

            try
            {
                var bytes = File.ReadAllBytes(file);
                if (bytes.AsSpan().IndexOf("-----BEGIN CERTIFICATE-----"u8) >= 0)
                {
                    collection.ImportFromPem(Encoding.ASCII.GetString(bytes));
                }
                else
                {
                    collection.Add(X509CertificateLoader.LoadCertificate(bytes));
                }
            }
            catch (CryptographicException e)
            {
                throw new UsageException($"{option} {file}: not a certificate ({e.Message.TrimEnd('.')}); give a DER or PEM certificate.");
            }
        }

        return collection;
    }
}
