namespace AovpnRemediations.Catalogue.Model;

/// <summary>How bad a finding of a rule is for the user or the service.</summary>
public enum Severity
{
    Information,
    Warning,
    Critical,
}

/// <summary>Where a rule runs and what it looks at.</summary>
public enum RuleScope
{
    UserClient,
    DeviceClient,
    VpnServer,
    NpsServer,
    Tenant,
}

/// <summary>The account a package's scripts run as (Intune <c>runAsAccount</c>).</summary>
public enum RunAsAccount
{
    System,
    User,
}

/// <summary>Which machines a package is written for; decides its default deployment target.</summary>
public enum PackageAudience
{
    Client,
    Server,
}

/// <summary>A management system a package is compiled for.</summary>
public enum DeploymentTarget
{
    Intune,
    ConfigMgr,
}

/// <summary>The catalogue categories; each owns one ID range in <c>RuleIdRanges.txt</c>.</summary>
public enum RuleCategory
{
    ClientCertificates,
    TrustedCas,
    ConnectionHealth,
    VpnServer,
    Nps,
    DenyList,
    Tenant,
}
