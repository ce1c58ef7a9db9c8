namespace AovpnRemediations.Contracts;

/// <summary>
/// The shapes of the signing values the contract files carry: a script's unsigned-text SHA-256 as lower-case hex (as
/// every sha256 in output/), a signer's SHA-1 thumbprint as upper-case hex (as Windows, Intune and the certificate
/// store show it).
/// </summary>
public static class SigningValues
{
    public static bool IsSha256(string? value) => value is { Length: 64 } && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public static bool IsThumbprint(string? value) => value is { Length: 40 } && value.All(c => char.IsAsciiDigit(c) || c is >= 'A' and <= 'F');
}
