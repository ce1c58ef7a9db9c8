using System.Formats.Asn1;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace AovpnRemediations.Signing.Timestamping;

/// <summary>
/// Asks an RFC 3161 time-stamp authority to countersign a signature value. The token is stored by
/// <see cref="ScriptSigner"/> as the unsigned attribute 1.3.6.1.4.1.311.3.3.1, where signtool /tr puts it and
/// where osslsigncode (-ts when signing, verify with -TSA-CAfile) and Windows look for it. A timestamp lets a
/// signature stay valid after the signer certificate expires.
/// </summary>
public sealed class Rfc3161Timestamper
{
    private readonly HttpClient _http;

    public Rfc3161Timestamper(Uri url, HttpClient? http = null, HashAlgorithmName? hashAlgorithm = null)
    {
        Url = url;
        _http = http ?? new HttpClient();
        HashAlgorithm = hashAlgorithm ?? HashAlgorithmName.SHA256;
    }

    public Uri Url { get; }

    public HashAlgorithmName HashAlgorithm { get; }

    /// <summary>The DER TimeStampToken (a CMS ContentInfo) over the signer's signature value, after checking the answer matches the request.</summary>
    public async Task<Rfc3161Timestamp> TimestampAsync(SignerInfo signerInfo, CancellationToken cancellationToken = default)
    {
        var request = Rfc3161TimestampRequest.CreateFromSignerInfo(
            signerInfo,
            HashAlgorithm,
            requestedPolicyId: null,
            nonce: RandomNumberGenerator.GetBytes(8),
            requestSignerCertificates: true);
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(Url, content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ScriptSigningException($"Timestamp authority {Url} could not be reached ({e.Message.TrimEnd('.')}); check the URL and the network, or sign without a timestamp.", e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ScriptSigningException($"Timestamp authority {Url} answered HTTP {(int)response.StatusCode}; check the URL (it must be an RFC 3161 endpoint) or sign without a timestamp.");
            }

            Rfc3161TimestampToken token;
            try
            {
                // Checks the status, the nonce and that the token's imprint is the hash of our signature.
                token = request.ProcessResponse(body, out _);
            }
            catch (CryptographicException e)
            {
                throw new ScriptSigningException($"Timestamp authority {Url} gave an answer that does not fit the request ({e.Message.TrimEnd('.')}).", e);
            }

            return new Rfc3161Timestamp(TokenBytes(body), token.TokenInfo.Timestamp);
        }
    }

    /// <summary>
    /// The token exactly as the authority sent it (TimeStampResp ::= SEQUENCE { status, timeStampToken }), rather
    /// than a re-encoding, so its signature certainly still verifies.
    /// </summary>
    private static byte[] TokenBytes(byte[] response)
    {
        var reader = new AsnReader(response, AsnEncodingRules.BER).ReadSequence();
        reader.ReadEncodedValue();
        return reader.ReadEncodedValue().ToArray();
    }
}

/// <summary>A time-stamp token and the time it vouches for.</summary>
public sealed record Rfc3161Timestamp(byte[] Token, DateTimeOffset Time);
