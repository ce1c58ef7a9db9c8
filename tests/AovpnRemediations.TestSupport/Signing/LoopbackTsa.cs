using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;

namespace AovpnRemediations.TestSupport.Signing;

/// <summary>
/// An RFC 3161 time-stamp authority on loopback: decodes the TimeStampReq, signs a TSTInfo over its imprint and
/// nonce with a test TSA certificate (critical timeStamping EKU, ESS signingCertificateV2), answers "granted".
/// </summary>
public sealed class LoopbackTsa : IAsyncDisposable
{
    public const string PolicyId = "1.3.6.1.4.1.55555.1.1";
    private LoopbackServer? _server;
    private int _serial;

    public LoopbackTsa(X509Certificate2 root, DateTimeOffset? time = null)
    {
        Root = root;
        Certificate = SigningPki.Leaf(root, "CN=AOVPN Test TSA", SigningPki.TimeStamping);
        Time = time;
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>The time stamped into tokens; the clock when null.</summary>
    public DateTimeOffset? Time { get; set; }

    public int Requests => _serial;

    public Uri Url => new(_server!.BaseUrl, "/tsa");

    public static async Task<LoopbackTsa> StartAsync(X509Certificate2 root, DateTimeOffset? time = null)
    {
        var tsa = new LoopbackTsa(root, time);
        tsa._server = await LoopbackServer.StartAsync(tsa.HandleAsync);
        return tsa;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        if (context.Request.ContentType != "application/timestamp-query"
            || !Rfc3161TimestampRequest.TryDecode(body.ToArray(), out var request, out _))
        {
            context.Response.StatusCode = 400;
            return;
        }

        var serial = Interlocked.Increment(ref _serial);
        var info = new Rfc3161TimestampTokenInfo(
            new Oid(PolicyId),
            request.HashAlgorithmId,
            request.GetMessageHash(),
            new BigInteger(serial).ToByteArray(isUnsigned: true, isBigEndian: true),
            Time ?? DateTimeOffset.UtcNow,
            accuracyInMicroseconds: 1_000_000,
            nonce: request.GetNonce());
        var cms = new SignedCms(new ContentInfo(new Oid("1.2.840.113549.1.9.16.1.4"), info.Encode()));
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, Certificate)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = request.RequestSignerCertificate ? X509IncludeOption.EndCertOnly : X509IncludeOption.None,
        };
        signer.SignedAttributes.Add(new AsnEncodedData("1.2.840.113549.1.9.16.2.47", SigningPki.SigningCertificateV2(Certificate)));
        cms.ComputeSignature(signer, silent: true);

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteInteger(0); // granted
            }

            writer.WriteEncodedValue(cms.Encode());
        }

        context.Response.ContentType = "application/timestamp-reply";
        await context.Response.Body.WriteAsync(writer.Encode());
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
