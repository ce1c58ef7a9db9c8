using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Kinds;

/// <summary>
/// Services that must be running (services with a startup type of Automatic that a role depends on): one finding per
/// service that does not exist or does not run, with its status.
/// </summary>
public sealed record ServicesRunningCheck(IReadOnlyList<string> Services, FindingCode Missing, FindingCode NotRunning) : Check
{
    public override string Kind => "services-running";

    public override IReadOnlyList<FindingCode> Codes => [Missing, NotRunning];

    public override IReadOnlyList<KindParameter> Parameters =>
    [
        new("services", KindValue.Quoted([.. Services])),
        new("missing_code", KindValue.Code(Missing)),
        new("not_running_code", KindValue.Code(NotRunning)),
    ];
}

/// <summary>Starts each service the check found stopped; a missing service is a role to install, not a script's job.</summary>
public sealed record StartServicesRemedy : Remedy
{
    public override string Summary => "Starts each service the check found not running (Start-Service, which starts the services it depends on first) and checks again. A service that does not exist is left alone, and a disabled one fails the remediation with Windows' own message: both are for an engineer.";

    public override bool Repairs(Check check) => check is ServicesRunningCheck;
}
