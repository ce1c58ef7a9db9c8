using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;

namespace AovpnRemediations.Signing;

/// <summary>
/// What the PowerShell subject interface package (SIP) signs: the digest of the script text as UTF-16LE, carried in
/// an Authenticode <c>SpcIndirectDataContent</c> whose <c>SpcSipInfo</c> names the PowerShell SIP. The SIP info
/// fields (version 0x10000, the GUID in Windows byte order, five zero integers) are those osslsigncode writes for
/// .ps1 files and Windows' Set-AuthenticodeSignature produces.
/// </summary>
internal static class PowerShellSip
{
    public static readonly Guid SipGuid = new("603BCC1F-4B59-4E08-B724-D2C6297EF351");

    private const int SipVersion = 0x10000;

    public static byte[] Digest(string unsignedText, HashAlgorithmName algorithm) =>
        DigestAlgorithms.Hash(algorithm, Encoding.Unicode.GetBytes(unsignedText));

    /// <summary>DER of SpcIndirectDataContent ::= SEQUENCE { data SpcAttributeTypeAndOptionalValue, messageDigest DigestInfo }.</summary>
    public static byte[] EncodeIndirectData(ReadOnlySpan<byte> digest, HashAlgorithmName algorithm)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Oids.SpcSipInfo);
                using (writer.PushSequence())
                {
                    writer.WriteInteger(SipVersion);
                    writer.WriteOctetString(SipGuid.ToByteArray());
                    for (var i = 0; i < 5; i++)
                    {
                        writer.WriteInteger(0);
                    }
                }
            }

            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(DigestAlgorithms.Oid(algorithm));
                    writer.WriteNull();
                }

                writer.WriteOctetString(digest);
            }
        }

        return writer.Encode();
    }

    /// <summary>The digest algorithm OID and digest of an SpcIndirectDataContent, after checking it names the PowerShell SIP.</summary>
    public static (string DigestOid, byte[] Digest) DecodeIndirectData(ReadOnlyMemory<byte> content)
    {
        var reader = new AsnReader(content, AsnEncodingRules.BER);
        var indirect = reader.ReadSequence();
        var data = indirect.ReadSequence();
        var type = data.ReadObjectIdentifier();
        if (type != Oids.SpcSipInfo)
        {
            throw new CryptographicException($"the signed data is of type {type}, not SpcSipInfo: it was not made for a PowerShell script");
        }

        var sipInfo = data.ReadSequence();
        sipInfo.ReadInteger();
        var guid = new Guid(sipInfo.ReadOctetString());
        if (guid != SipGuid)
        {
            throw new CryptographicException($"the signature names SIP {guid}, not the PowerShell SIP {SipGuid}");
        }

        var digestInfo = indirect.ReadSequence();
        var algorithm = digestInfo.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        var digest = digestInfo.ReadOctetString();
        return (oid, digest);
    }

    /// <summary>SpcSpOpusInfo: an empty SEQUENCE, as Set-AuthenticodeSignature writes, or the program name and URL shown by Windows' signature dialog.</summary>
    public static byte[] EncodeOpusInfo(string? programName, Uri? moreInfo)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            if (programName is not null)
            {
                // programName [0] EXPLICIT SpcString; SpcString.unicode is [0] IMPLICIT BMPString.
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    writer.WriteCharacterString(UniversalTagNumber.BMPString, programName, new Asn1Tag(TagClass.ContextSpecific, 0));
                }
            }

            if (moreInfo is not null)
            {
                // moreInfo [1] EXPLICIT SpcLink; SpcLink.url is [0] IMPLICIT IA5String.
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
                {
                    writer.WriteCharacterString(UniversalTagNumber.IA5String, moreInfo.AbsoluteUri, new Asn1Tag(TagClass.ContextSpecific, 0));
                }
            }
        }

        return writer.Encode();
    }

    /// <summary>SpcStatementType: SEQUENCE OF OID with individual code signing, as Windows and osslsigncode write.</summary>
    public static byte[] EncodeStatementType()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(Oids.SpcIndividualCodeSigning);
        }

        return writer.Encode();
    }
}
