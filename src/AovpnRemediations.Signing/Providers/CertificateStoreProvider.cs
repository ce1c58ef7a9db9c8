using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;

namespace AovpnRemediations.Signing.Providers;

/// <summary>
/// A code signing certificate in the Windows certificate store (My), chosen by thumbprint; its key may be
/// non-exportable or on a smart card, which Windows' CNG signs with for us. Windows only: elsewhere the store exists
/// in .NET but holds nothing an admin would have put there, so asking for it is an error, not an empty search.
/// </summary>
public sealed class CertificateStoreProvider : ICodeSigningProvider
{
    private readonly string _thumbprint;
    private readonly StoreLocation _location;
    private readonly TimeProvider _time;

    public CertificateStoreProvider(string thumbprint, StoreLocation location = StoreLocation.CurrentUser, TimeProvider? time = null)
    {
        _thumbprint = CodeSigningCertificates.NormalizeThumbprint(thumbprint);
        _location = location;
        _time = time ?? TimeProvider.System;
        EnsureAvailable();
    }

    public string Description => $"certificate store {_location}\\My";

    public Task<CodeSigningKey> OpenAsync(CancellationToken cancellationToken = default)
    {
        EnsureAvailable();
        if (!OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }

        using var store = new X509Store(StoreName.My, _location);
        store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
        var selected = CodeSigningCertificates.SelectByThumbprint(store.Certificates, _thumbprint, Description, _time.GetUtcNow());

        // Intermediates come from the same machine's stores through a chain build; the root is left out.
        var chain = new List<X509Certificate2>();
        using (var build = new X509Chain())
        {
            build.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            build.Build(selected);
            foreach (var element in build.ChainElements.Skip(1))
            {
                if (!element.Certificate.SubjectName.RawData.AsSpan().SequenceEqual(element.Certificate.IssuerName.RawData))
                {
                    chain.Add(new X509Certificate2(element.Certificate));
                }
            }
        }

        return Task.FromResult(new CodeSigningKey(selected, CodeSigningCertificates.PrivateKeyOf(selected, Description), chain, Description));
    }

    /// <summary>Throws the "not on this OS" error off Windows; callers check before doing any other work.</summary>
    public static void EnsureAvailable()
    {
        if (!OperatingSystem.IsWindows())
        {
            throw new ScriptSigningException($"Signing with a certificate from the Windows certificate store is not available on this OS ({RuntimeInformation.OSDescription}); sign with a certificate file (.pfx or PEM) or an Azure Key Vault key instead.");
        }
    }
}
