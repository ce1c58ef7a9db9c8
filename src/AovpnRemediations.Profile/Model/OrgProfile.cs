using System.Text.Json.Serialization;

namespace AovpnRemediations.Profile.Model;

// The C# shape of aovpn.json. Schema/aovpn.schema.json describes the same document for editors and for
// validation; a test keeps the two in step. Defaults here are the documented defaults.

/// <summary>An organisation's AOVPN profile: what its packages check, and where they are deployed.</summary>
public sealed record OrgProfile
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    /// <summary>Organisation name, used in descriptions.</summary>
    public required string Organisation { get; init; }

    /// <summary>Intune <c>publisher</c> of every package.</summary>
    public required string Publisher { get; init; }

    public required VpnSettings Vpn { get; init; }

    public required PkiSettings Pki { get; init; }

    public Thresholds Thresholds { get; init; } = new();

    public NpsSettings? Nps { get; init; }

    public DenyListSettings DenyList { get; init; } = new();

    public IntuneSettings Intune { get; init; } = new();

    public ConfigMgrSettings ConfigMgr { get; init; } = new();

    /// <summary>Per-package settings by package id; a package not listed is built with its defaults.</summary>
    public IReadOnlyDictionary<string, PackageSettings> Packages { get; init; } = new Dictionary<string, PackageSettings>();
}

public sealed record VpnSettings
{
    /// <summary>The public FQDN clients connect to; the VPN server's IKEv2 certificate must carry it.</summary>
    public required string PublicFqdn { get; init; }

    /// <summary>The internal DNS domain (devices' FQDNs end with it).</summary>
    public required string DnsDomain { get; init; }

    public TunnelSettings? UserTunnel { get; init; }

    public TunnelSettings? DeviceTunnel { get; init; }
}

public sealed record TunnelSettings
{
    /// <summary>The VPN connection (phone book entry) name, as Get-VpnConnection shows it.</summary>
    public required string ConnectionName { get; init; }
}

public sealed record PkiSettings
{
    /// <summary>Public root CA certificate files (.cer/.crt, DER or PEM), relative to the profile.</summary>
    public required IReadOnlyList<CertificateReference> RootCertificates { get; init; }

    /// <summary>Public intermediate (issuing) CA certificate files.</summary>
    public IReadOnlyList<CertificateReference> IntermediateCertificates { get; init; } = [];

    /// <summary>Report user and device certificates whose key is not in the TPM (Microsoft Platform Crypto Provider).</summary>
    public bool RequireTpmKey { get; init; }

    /// <summary>
    /// How user and device certificates reach devices, which decides the remedy for a missing or expiring one:
    /// AD CS autoenrollment (certutil -pulse asks for it) or Intune SCEP/PKCS profiles (no script can ask Intune).
    /// </summary>
    public CertificateIssuance ClientCertificateIssuance { get; init; } = CertificateIssuance.Autoenrollment;
}

[JsonConverter(typeof(JsonStringEnumConverter<CertificateIssuance>))]
public enum CertificateIssuance
{
    /// <summary>AD CS certificate templates with autoenrollment (Group Policy), on domain-joined devices.</summary>
    [JsonStringEnumMemberName("autoenrollment")]
    Autoenrollment,

    /// <summary>Intune SCEP or PKCS certificate profiles (Entra-joined or co-managed devices).</summary>
    [JsonStringEnumMemberName("intune")]
    Intune,
}

/// <summary>
/// A certificate file, written as a path or as <c>{ "file": ..., "thumbprint": ... }</c>. The thumbprint
/// pins the file: a different certificate in its place is an error rather than a CA every device imports.
/// </summary>
[JsonConverter(typeof(CertificateReferenceConverter))]
public sealed record CertificateReference
{
    public required string File { get; init; }

    /// <summary>The SHA-1 thumbprint the file must have (40 hex digits; spaces allowed).</summary>
    public string? Thumbprint { get; init; }
}

public sealed record Thresholds
{
    public int ClientCertificateExpiryWarningDays { get; init; } = 21;

    public int ServerCertificateExpiryWarningDays { get; init; } = 30;

    public int NpsCertificateExpiryWarningDays { get; init; } = 30;

    public int ConnectionEventWindowHours { get; init; } = 24;

    public int NpsEventWindowHours { get; init; } = 24;

    /// <summary>How long a remediation waits for autoenrollment after <c>certutil -pulse</c> before it re-checks.</summary>
    public int AutoenrollmentWaitSeconds { get; init; } = 30;
}

public sealed record NpsSettings
{
    /// <summary>The Entra tenant ID; the NPS extension certificate's subject is <c>CN=&lt;tenant id&gt;</c>.</summary>
    public required string TenantId { get; init; }

    /// <summary>Whether remediation may restart a running IAS service (it always may start a stopped one).</summary>
    public bool AllowServiceRestart { get; init; }
}

public sealed record DenyListSettings
{
    /// <summary>Users whose VPN sessions must not exist, as DOMAIN\user.</summary>
    public IReadOnlyList<string> Users { get; init; } = [];

    public IReadOnlyList<DeniedDevice> Devices { get; init; } = [];

    /// <summary>Whether remediation may set IKEv2 CertAuthFlags=4, which needs a RemoteAccess restart.</summary>
    public bool AllowRemoteAccessRestart { get; init; }

    /// <summary>
    /// How long remediation watches for a disconnected session to come back before it checks again: Always On VPN
    /// dials again at once, and a session that returns means the user or device is not blocked.
    /// </summary>
    public int ReconnectWaitSeconds { get; init; } = 30;
}

public sealed record DeniedDevice
{
    /// <summary>The device's name as RRAS shows it (client host name / FQDN).</summary>
    public required string Name { get; init; }

    /// <summary>The device certificate (public) to put in LocalMachine\Disallowed on the VPN servers.</summary>
    public required string Certificate { get; init; }
}

public sealed record IntuneSettings
{
    public string DisplayNamePrefix { get; init; } = "AOVPN - ";

    /// <summary>Scope tag names applied to every package.</summary>
    public IReadOnlyList<string> ScopeTags { get; init; } = ["Default"];

    public bool EnforceSignatureCheck { get; init; }

    public Schedule DefaultSchedule { get; init; } = new() { Type = ScheduleType.Daily, Time = "02:00" };
}

public sealed record ConfigMgrSettings
{
    public string NamePrefix { get; init; } = "AOVPN - ";

    /// <summary>
    /// One baseline per role, each with its own name and deployments: a server evaluates only its role's items, so
    /// an RRAS-only server is never noncompliant for the NPS package and the reverse.
    /// </summary>
    public ConfigMgrBaselines Baselines { get; init; } = new();
}

/// <summary>The baselines by role; a role whose packages go to ConfigMgr needs its baseline.</summary>
public sealed record ConfigMgrBaselines
{
    /// <summary>Client packages sent to ConfigMgr (in the sample the trusted CAs, which the servers need too).</summary>
    public ConfigMgrBaseline? Clients { get; init; }

    /// <summary>The RRAS VPN server packages.</summary>
    public ConfigMgrBaseline? VpnServers { get; init; }

    /// <summary>The NPS server packages.</summary>
    public ConfigMgrBaseline? NpsServers { get; init; }
}

public sealed record ConfigMgrBaseline
{
    /// <summary>The configuration baseline's name; distinct across roles.</summary>
    public required string Name { get; init; }

    /// <summary>The collections the baseline is deployed to; at least one when the role has packages.</summary>
    public IReadOnlyList<ConfigMgrDeployment> Deployments { get; init; } = [];
}

public sealed record ConfigMgrDeployment
{
    public required string Collection { get; init; }

    /// <summary>Evaluate the baseline every N days.</summary>
    public int EveryDays { get; init; } = 1;
}

public sealed record PackageSettings
{
    public bool Enabled { get; init; } = true;

    /// <summary>Where the package goes; when absent, client packages go to Intune and server packages to ConfigMgr.</summary>
    public IReadOnlyList<DeploymentTargetName>? Targets { get; init; }

    public IReadOnlyList<Assignment> Assignments { get; init; } = [];

    /// <summary>Overrides <c>intune.defaultSchedule</c> for this package.</summary>
    public Schedule? Schedule { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<DeploymentTargetName>))]
public enum DeploymentTargetName
{
    [JsonStringEnumMemberName("intune")]
    Intune,

    [JsonStringEnumMemberName("configmgr")]
    ConfigMgr,
}

/// <summary>One Intune assignment: exactly one of group, excludeGroup, allDevices, allUsers.</summary>
public sealed record Assignment
{
    public string? Group { get; init; }

    public string? ExcludeGroup { get; init; }

    public bool AllDevices { get; init; }

    public bool AllUsers { get; init; }

    /// <summary>Assignment filter name.</summary>
    public string? Filter { get; init; }

    public FilterMode FilterMode { get; init; } = FilterMode.Include;

    /// <summary>Overrides the package schedule for this assignment.</summary>
    public Schedule? Schedule { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<FilterMode>))]
public enum FilterMode
{
    [JsonStringEnumMemberName("include")]
    Include,

    [JsonStringEnumMemberName("exclude")]
    Exclude,
}

/// <summary>When Intune runs a package: once, every N hours, or every N days at a time.</summary>
public sealed record Schedule
{
    public required ScheduleType Type { get; init; }

    public int Interval { get; init; } = 1;

    /// <summary>HH:mm, for once and daily.</summary>
    public string? Time { get; init; }

    /// <summary>yyyy-MM-dd, for once.</summary>
    public string? Date { get; init; }

    public bool UseUtc { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<ScheduleType>))]
public enum ScheduleType
{
    [JsonStringEnumMemberName("once")]
    Once,

    [JsonStringEnumMemberName("hourly")]
    Hourly,

    [JsonStringEnumMemberName("daily")]
    Daily,
}
