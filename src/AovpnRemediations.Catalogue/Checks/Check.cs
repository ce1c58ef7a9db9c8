namespace AovpnRemediations.Catalogue.Checks;

/// <summary>
/// What a rule looks at on the endpoint. A closed set: binding and rendering switch over these kinds and
/// throw on an unknown one. Checks name profile data symbolically; binding supplies the values.
/// </summary>
public abstract record Check
{
    private protected Check()
    {
    }
}

/// <summary>How a rule heals what its check found. Also a closed set.</summary>
public abstract record Remedy
{
    private protected Remedy()
    {
    }

    /// <summary>What the remediation script does, in a sentence, for the rule's doc page.</summary>
    public virtual string Summary => "The package's remediation script repairs what the check found and checks again.";
}

/// <summary>A Windows certificate store the platform layer can open.</summary>
public sealed record CertificateStore(CertificateStoreLocation Location, CertificateStoreName Name)
{
    public override string ToString() => $"{Location}\\{Name}";
}

public enum CertificateStoreLocation
{
    CurrentUser,
    LocalMachine,
}

public enum CertificateStoreName
{
    My,
    Root,
    CA,
    Disallowed,
}

/// <summary>Sets of certificate files the org profile lists.</summary>
public enum ProfileCertificateSet
{
    RootCas,
    IntermediateCas,
    BlockedDevices,
}
