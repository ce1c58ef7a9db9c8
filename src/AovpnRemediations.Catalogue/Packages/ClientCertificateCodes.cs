using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Packages;

/// <summary>
/// The finding codes the user and device tunnel certificate packages share: the same names in both, so
/// the fleet report counts "expired" the same way for either tunnel.
/// </summary>
internal static class ClientCertificateCodes
{
    public static FindingCode None(string store) => new(
        "NoClientAuthCertificate",
        $"{store} holds no certificate with the Client Authentication EKU (1.3.6.1.5.5.7.3.2); count is how many certificates the store holds.",
        FindingField.Count);

    public static FindingCode NotChained() => new(
        "CertificateNotChainedToProfileRoot",
        "A Client Authentication certificate does not chain to a root CA of the profile (built against the profile's CAs only).",
        FindingField.Thumbprint,
        FindingField.Subject,
        FindingField.Issuer);

    public static FindingCode NoPrivateKey() => new(
        "CertificateWithoutPrivateKey",
        "A Client Authentication certificate chained to the profile has no private key on this endpoint, so it cannot authenticate.",
        FindingField.Thumbprint,
        FindingField.Subject);

    public static FindingCode NotYetValid() => new(
        "CertificateNotYetValid",
        "A Client Authentication certificate chained to the profile is not valid yet (its NotBefore is in the future; check the clock).",
        FindingField.Thumbprint,
        FindingField.Subject);

    public static FindingCode Expired() => new(
        "CertificateExpired",
        "A Client Authentication certificate chained to the profile has expired.",
        FindingField.Thumbprint,
        FindingField.Subject);

    public static FindingCode KeyUnusable() => new(
        "CertificatePrivateKeyUnusable",
        "A Client Authentication certificate chained to the profile says it has a private key, but the key cannot sign (keyError, the HRESULT: 0x80090016 the key container is gone, 0x8028xxxx the TPM, e.g. after a TPM clear); the tunnel cannot authenticate with it.",
        FindingField.Thumbprint,
        FindingField.Subject,
        FindingField.KeyError);

    public static FindingCode Expiring() => new(
        "CertificateExpiringSoon",
        "The usable certificate that expires last does so within the profile's warning days; days is the whole days left.",
        FindingField.Thumbprint,
        FindingField.Subject,
        FindingField.Days);

    public static FindingCode KeyNotInTpm() => new(
        "CertificateKeyNotInTpm",
        "A usable certificate's private key is not in the TPM; provider is the key storage provider that holds it.",
        FindingField.Thumbprint,
        FindingField.Subject,
        FindingField.Provider);
}
