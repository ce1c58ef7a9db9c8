namespace AovpnRemediations.Publish.TenantCheck;

/// <summary>What <c>tenant check</c> prints.</summary>
public static class TenantCheckText
{
    public const string Passed = "Tenant check passed: the Azure MFA service principals exist and are enabled.";

    public const string PassedAfterFix = "Tenant check passed after fixing.";

    public const string StillFailing = "Tenant check still fails after --fix; see the lines above.";

    /// <summary>One line per principal: state, name, app id and object id.</summary>
    public static IEnumerable<string> Lines(IEnumerable<PrincipalStatus> statuses) => statuses.Select(s =>
    {
        var state = s.State switch
        {
            PrincipalState.Ok => "ok      ",
            PrincipalState.Missing => "MISSING ",
            _ => "DISABLED",
        };
        return $"{state} {s.Name} (appId {s.AppId}){(s.ObjectId is null ? "" : $" id {s.ObjectId}")}";
    });

    public static string Failed(int problems) =>
        $"Tenant check failed: {problems} service principal(s) missing or disabled; the NPS extension for Azure MFA cannot work. Run `aovpn-remediations tenant check --fix` (needs Application.ReadWrite.All).";

    /// <summary>The question asked before fixing, e.g. "enable Azure Multi-Factor Auth Client, create …?".</summary>
    public static string Question(IEnumerable<PrincipalStatus> problems) =>
        string.Join(", ", problems.Select(p => $"{(p.State == PrincipalState.Missing ? "create" : "enable")} {p.Name}")) + "?";

    public static string Fixed(PrincipalStatus problem) =>
        $"{(problem.State == PrincipalState.Missing ? "created" : "enabled")} {problem.Name} ({problem.AppId})";
}
