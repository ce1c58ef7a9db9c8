using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Kinds;

/// <summary>
/// What a rule looks at on the endpoint: an instance of a check kind. A kind is declared once, by its record:
/// its template folder (<c>templates/kinds/&lt;Kind&gt;/check.scriban</c>), the parameters the template sees as
/// <c>ctx.check.&lt;name&gt;</c> (catalogue values, or profile values that binding resolves), and the finding
/// codes it can emit. Nothing else in the pipeline knows the kind: binding and rendering read these.
/// </summary>
public abstract record Check
{
    private protected Check()
    {
    }

    /// <summary>The kind's folder under <c>templates/kinds/</c>, lower-case kebab case.</summary>
    public abstract string Kind { get; }

    /// <summary>Every finding code the check can report, in the order the rule's docs list them.</summary>
    public abstract IReadOnlyList<FindingCode> Codes { get; }

    /// <summary>What the check template sees as <c>ctx.check</c>; every instance of a kind has the same names.</summary>
    public abstract IReadOnlyList<KindParameter> Parameters { get; }
}

/// <summary>
/// How a rule heals what its check found: rendered from the check kind's <c>remedy.scriban</c>, which sees the
/// check's parameters as <c>ctx.check</c> and these as <c>ctx.remedy</c>.
/// </summary>
public abstract record Remedy
{
    private protected Remedy()
    {
    }

    /// <summary>What the remediation script does, in a sentence or two, for the rule's doc page.</summary>
    public abstract string Summary { get; }

    /// <summary>What the remedy template sees as <c>ctx.remedy</c>.</summary>
    public virtual IReadOnlyList<KindParameter> Parameters => [];

    /// <summary>What the profile must say for the remedy to be built; without it the rule is detection only.</summary>
    public virtual ProfileRequirements Requires => ProfileRequirements.None;

    /// <summary>Whether the remedy template of <paramref name="check"/>'s kind is written for this remedy.</summary>
    public abstract bool Repairs(Check check);
}

/// <summary>One named value a kind's template sees; the name is the template's (snake case).</summary>
public sealed record KindParameter(string Name, KindValue Value);

/// <summary>
/// The value of a template parameter. A closed set: binding resolves <see cref="ProfileSetting"/> values from the
/// profile, rendering turns each into template text in one place (identifiers checked, text escaped).
/// </summary>
public abstract record KindValue
{
    private protected KindValue()
    {
    }

    /// <summary>A finding code's name, or no value when the kind's instance has no such code.</summary>
    public static KindValue Code(FindingCode? code) => code is null ? Absent.Value : new Identifier(code.Name);

    /// <summary>A catalogue identifier (a store name, a service name): written as it is.</summary>
    public static KindValue Name(string name) => new Identifier(name);

    /// <summary>An enum value of the catalogue written by its name (<c>LocalMachine</c>, <c>Root</c>).</summary>
    public static KindValue Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => new Identifier(value.ToString());

    /// <summary>Catalogue text that needs quoting (a log name, a registry path): a PowerShell literal.</summary>
    public static KindValue Quoted(string text) => new Text(text);

    /// <summary>Several catalogue texts (service names, say), each a PowerShell literal.</summary>
    public static KindValue Quoted(params string[] texts) => new Texts(texts);

    /// <summary>A quoted text, or no value when there is none.</summary>
    public static KindValue QuotedOrAbsent(string? text) => text is null ? Absent.Value : new Text(text);

    public static KindValue Of(int number) => new Number(number);

    public static KindValue Of(bool flag) => new Flag(flag);

    /// <summary>A setting of the organisation's profile, resolved by binding.</summary>
    public static KindValue From(ProfileSetting setting) => new Profile(setting);

    /// <summary>A group of values seen as one object (<c>ctx.check.nps.service_name</c>).</summary>
    public static KindValue Group(params KindParameter[] members) => new Members(members);

    public sealed record Identifier(string Value) : KindValue;

    public sealed record Text(string Value) : KindValue;

    public sealed record Texts(IReadOnlyList<string> Values) : KindValue;

    public sealed record Number(int Value) : KindValue;

    public sealed record Flag(bool Value) : KindValue;

    public sealed record Profile(ProfileSetting Setting) : KindValue;

    public sealed record Members(IReadOnlyList<KindParameter> Parameters) : KindValue;

    /// <summary>No value: the template tests it (<c>if ctx.check.name_mismatch_code</c>).</summary>
    public sealed record Absent : KindValue
    {
        private Absent()
        {
        }

        public static Absent Value { get; } = new();
    }
}

/// <summary>
/// The profile settings a kind can bind. Binding resolves each in one switch; adding one is adding a case there.
/// </summary>
public enum ProfileSetting
{
    /// <summary><c>pki.rootCertificates</c>: public certificates.</summary>
    RootCertificates,

    /// <summary><c>pki.intermediateCertificates</c>: public certificates.</summary>
    IntermediateCertificates,

    /// <summary>The certificates of <c>denyList.devices</c>: public certificates.</summary>
    BlockedDeviceCertificates,

    /// <summary>The connection names of the tunnels the profile configures, user tunnel first, each once.</summary>
    TunnelConnectionNames,

    /// <summary><c>vpn.userTunnel.connectionName</c>.</summary>
    UserTunnelConnectionName,

    /// <summary><c>vpn.deviceTunnel.connectionName</c>.</summary>
    DeviceTunnelConnectionName,

    /// <summary><c>vpn.publicFqdn</c>.</summary>
    VpnPublicFqdn,

    /// <summary><c>thresholds.clientCertificateExpiryWarningDays</c>.</summary>
    ClientCertificateExpiryWarningDays,

    /// <summary><c>thresholds.serverCertificateExpiryWarningDays</c>.</summary>
    ServerCertificateExpiryWarningDays,

    /// <summary><c>thresholds.npsCertificateExpiryWarningDays</c>.</summary>
    NpsCertificateExpiryWarningDays,

    /// <summary><c>thresholds.connectionEventWindowHours</c>.</summary>
    ConnectionEventWindowHours,

    /// <summary><c>thresholds.npsEventWindowHours</c>.</summary>
    NpsEventWindowHours,

    /// <summary><c>thresholds.autoenrollmentWaitSeconds</c>.</summary>
    AutoenrollmentWaitSeconds,

    /// <summary><c>nps.tenantId</c>.</summary>
    NpsTenantId,

    /// <summary><c>nps.allowServiceRestart</c>.</summary>
    NpsAllowServiceRestart,

    /// <summary><c>denyList.users</c>.</summary>
    DenyListUsers,

    /// <summary>The names of <c>denyList.devices</c>.</summary>
    DenyListDeviceNames,

    /// <summary><c>denyList.allowRemoteAccessRestart</c>.</summary>
    DenyListAllowRemoteAccessRestart,

    /// <summary><c>denyList.reconnectWaitSeconds</c>.</summary>
    DenyListReconnectWaitSeconds,
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
