namespace AovpnRemediations.Signing;

/// <summary>Object identifiers of Authenticode, CMS and RFC 3161 that this library reads or writes.</summary>
internal static class Oids
{
    public const string SpcIndirectDataContent = "1.3.6.1.4.1.311.2.1.4";
    public const string SpcSipInfo = "1.3.6.1.4.1.311.2.1.30";
    public const string SpcSpOpusInfo = "1.3.6.1.4.1.311.2.1.12";
    public const string SpcStatementType = "1.3.6.1.4.1.311.2.1.11";
    public const string SpcIndividualCodeSigning = "1.3.6.1.4.1.311.2.1.21";

    /// <summary>Where signtool /tr and osslsigncode -ts put an RFC 3161 token: an unsigned attribute of the signer.</summary>
    public const string SpcRfc3161Timestamp = "1.3.6.1.4.1.311.3.3.1";

    public const string CodeSigningEku = "1.3.6.1.5.5.7.3.3";
    public const string TimeStampingEku = "1.3.6.1.5.5.7.3.8";

    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";
}
