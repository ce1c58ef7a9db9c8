using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Credentials;
using AovpnRemediations.Graph.Permissions;

namespace AovpnRemediations.Cli;

/// <summary>One tenant of a run: its name (null without --tenant), its file, and the settings it overrides.</summary>
internal sealed record TenantTarget(string? Name, TenantProfile? Profile)
{
    public Uri BaseUrl(Uri option) => Profile?.GraphBaseUrl ?? option;

    public string Output(string option) => Profile?.Output ?? option;
}

/// <summary>What one tenant's run produced: its exit code and the line the summary shows for it.</summary>
internal sealed record TenantOutcome(int ExitCode, string Summary);

/// <summary>
/// Runs a command once per <c>--tenant</c> file, or once with the environment's credential without any (single-tenant use,
/// unchanged). With tenant files, every file is read first (a bad one stops the run before any request); then each tenant
/// runs in turn under its own heading, a failure is reported through the error boundary and the next tenant still runs,
/// and a summary names each tenant's outcome. The exit code is the failing tenants' code (1 when they differ), else the
/// most telling success code (2 changes pending, 7 waiting for approval, else 0).
/// </summary>
internal static class TenantRuns
{
    public static async Task<int> RunAsync(CliSession session, IReadOnlyList<string> files, Func<TenantTarget, Task<TenantOutcome>> run)
    {
        if (files.Count == 0)
        {
            return (await run(new TenantTarget(null, null)).ConfigureAwait(false)).ExitCode;
        }

        var tenants = files.Select(TenantProfile.Load).ToList();
        var duplicate = tenants.GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new UsageException($"--tenant: two files are named '{duplicate.Key}' ({string.Join(", ", duplicate.Select(t => t.Path))}); give each a distinct \"name\".");
        }

        var console = session.Console;
        var outcomes = new List<(TenantProfile Tenant, TenantOutcome Outcome, bool Failed)>();
        foreach (var tenant in tenants)
        {
            console.Out.WriteLine($"== tenant {tenant.Name} ({tenant.Path}) ==");
            try
            {
                outcomes.Add((tenant, await run(new TenantTarget(tenant.Name, tenant)).ConfigureAwait(false), false));
            }
            catch (Exception e) when (e is not OperationCanceledException || e is TaskCanceledException { InnerException: TimeoutException })
            {
                var code = ErrorReporter.Report(e, session);
                outcomes.Add((tenant, new TenantOutcome(code, $"failed: exit {code} ({Describe(code)}), see the error above"), true));
            }

            console.Out.WriteLine();
        }

        var width = outcomes.Max(o => o.Tenant.Name.Length);
        console.Out.WriteLine($"Tenants: {outcomes.Count(o => !o.Failed)} of {outcomes.Count} succeeded.");
        foreach (var (tenant, outcome, _) in outcomes)
        {
            console.Out.WriteLine($"  {tenant.Name.PadRight(width)}  {outcome.Summary}");
        }

        var failures = outcomes.Where(o => o.Failed).Select(o => o.Outcome.ExitCode).Distinct().ToList();
        if (failures.Count > 0)
        {
            return failures.Count == 1 ? failures[0] : (int)ExitCode.Failure;
        }

        var codes = outcomes.Select(o => o.Outcome.ExitCode).ToHashSet();
        return codes.Contains((int)ExitCode.ApprovalPending) ? (int)ExitCode.ApprovalPending
            : codes.Contains((int)ExitCode.ChangesPending) ? (int)ExitCode.ChangesPending
            : codes.Max();
    }

    /// <summary>Connects to one tenant and checks the token before the first request.</summary>
    public static Task<GraphConnection> ConnectAsync(CliSession session, TenantTarget target, Uri baseUrl, bool verbose, IEnumerable<PermissionCondition> conditions, CancellationToken cancellationToken) =>
        session.ConnectCheckedAsync(new GraphSettings(target.BaseUrl(baseUrl), verbose), target.Profile, conditions, cancellationToken);

    /// <summary>A per-tenant file name for --out in a several-tenant run: report.html becomes report.contoso.html.</summary>
    public static string? PerTenant(string? path, TenantTarget target, int tenants) =>
        path is null || target.Name is null || tenants < 2
            ? path
            : Path.Combine(Path.GetDirectoryName(path) ?? "", $"{Path.GetFileNameWithoutExtension(path)}.{target.Name}{Path.GetExtension(path)}");

    private static string Describe(int code) => Enum.IsDefined(typeof(ExitCode), code) ? ((ExitCode)code) switch
    {
        ExitCode.InvalidInput => "invalid input",
        ExitCode.GraphError => "Graph or tenant error",
        ExitCode.OutputMismatch => "output folder",
        ExitCode.Cancelled => "cancelled",
        _ => "failure",
    } : "failure";
}
