using Azure.Identity;
using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Credentials;
using AovpnRemediations.Publish.Apply;
using AovpnRemediations.Publish.Output;
using AovpnRemediations.Publish.Planning;
using AovpnRemediations.Publish.Rendering;
using AovpnRemediations.Publish.Tenant;
using AovpnRemediations.Publish.TenantCheck;
using Microsoft.Kiota.Abstractions;

namespace AovpnRemediations.Publish;

public sealed record GraphSettings(Uri BaseUrl, bool Verbose);

public sealed record PlanSettings(string OutputPath, string? ProfilePath, GraphSettings Graph, bool Json, bool DetailedExitCode, bool Prune, bool Adopt);

public sealed record ApplySettings(string OutputPath, string? ProfilePath, GraphSettings Graph, bool Prune, bool Adopt, bool Yes);

public sealed record TenantCheckSettings(GraphSettings Graph, bool Fix, bool Yes);

/// <summary>
/// The entry points the CLI calls for <c>plan</c>, <c>apply</c> and <c>tenant check</c>. Each returns an exit code
/// (<see cref="ExitCodes"/>); every error is mapped in one place, written to stderr redacted, naming what is wrong and the fix.
/// </summary>
public static class PublishCommands
{
    public static Task<int> PlanAsync(PlanSettings settings, PublishConsole console, CancellationToken cancellationToken)
    {
        var redactor = new Redactor();
        return GuardAsync(console, redactor, settings.DetailedExitCode, cancellationToken, async () =>
        {
            var packages = ReadOutput(settings.OutputPath, settings.ProfilePath);
            using var graph = Connect(settings.Graph, console, redactor);
            var plan = await PlanCoreAsync(graph, packages, new PlanOptions(settings.Prune, settings.Adopt), cancellationToken).ConfigureAwait(false);
            var target = graph.Root;
            console.Out.Write(settings.Json ? PlanJson.Render(plan, target) + Environment.NewLine : PlanText.Render(plan, target));
            return settings.DetailedExitCode && plan.HasChanges ? ExitCodes.ChangesPending : ExitCodes.Success;
        });
    }

    public static Task<int> ApplyAsync(ApplySettings settings, PublishConsole console, CancellationToken cancellationToken)
    {
        var redactor = new Redactor();
        return GuardAsync(console, redactor, detailedExitCode: false, cancellationToken, async () =>
        {
            var packages = ReadOutput(settings.OutputPath, settings.ProfilePath);
            using var graph = Connect(settings.Graph, console, redactor);
            var plan = await PlanCoreAsync(graph, packages, new PlanOptions(settings.Prune, settings.Adopt), cancellationToken).ConfigureAwait(false);
            var target = graph.Root;
            console.Out.Write(PlanText.Render(plan, target));
            if (!plan.HasChanges)
            {
                return ExitCodes.Success;
            }

            if (!settings.Yes)
            {
                if (!console.Interactive || console.Confirm is null)
                {
                    throw new PublishInputException("apply would change the tenant but cannot ask for confirmation here (no terminal). Review `plan`, then run apply with --yes.");
                }

                if (!console.Confirm($"Apply {plan.ExpectedWrites} write(s) to {target}?"))
                {
                    console.Error.WriteLine("Nothing applied.");
                    return ExitCodes.Failure;
                }
            }

            IApplyProgress progress = console.Interactive && console.Ansi is not null ? new SpectreProgress(console.Ansi) : new PlainProgress(console.Out);
            var result = await Applier.ApplyAsync(graph, plan, progress, cancellationToken).ConfigureAwait(false);
            console.Out.WriteLine(
                $"Applied: {result.Created} created, {result.Updated} updated, {result.Assigned} assignment set(s) posted, {result.Deleted} deleted"
                + (result.Recovered > 0 ? $" ({result.Recovered} create(s) whose answer was lost were found by their marker, not repeated)." : "."));
            return ExitCodes.Success;
        });
    }

    public static Task<int> TenantCheckAsync(TenantCheckSettings settings, PublishConsole console, CancellationToken cancellationToken)
    {
        var redactor = new Redactor();
        return GuardAsync(console, redactor, detailedExitCode: false, cancellationToken, async () =>
        {
            using var graph = Connect(settings.Graph, console, redactor);
            var statuses = await TenantChecker.CheckAsync(graph, cancellationToken).ConfigureAwait(false);
            Print(console.Out, statuses);
            var problems = statuses.Where(s => s.State != PrincipalState.Ok).ToList();
            if (problems.Count == 0)
            {
                console.Out.WriteLine("Tenant check passed: the Azure MFA service principals exist and are enabled.");
                return ExitCodes.Success;
            }

            if (!settings.Fix)
            {
                console.Error.WriteLine($"Tenant check failed: {problems.Count} service principal(s) missing or disabled; the NPS extension for Azure MFA cannot work. Run `aovpn-remediations tenant check --fix` (needs Application.ReadWrite.All).");
                return ExitCodes.GraphError;
            }

            if (!settings.Yes)
            {
                if (!console.Interactive || console.Confirm is null)
                {
                    throw new PublishInputException("tenant check --fix cannot ask for confirmation here (no terminal); add --yes.");
                }

                var what = string.Join(", ", problems.Select(p => $"{(p.State == PrincipalState.Missing ? "create" : "enable")} {p.Name}"));
                if (!console.Confirm($"{what}?"))
                {
                    console.Error.WriteLine("Nothing changed.");
                    return ExitCodes.GraphError;
                }
            }

            foreach (var problem in problems)
            {
                await TenantChecker.FixAsync(graph, problem, cancellationToken).ConfigureAwait(false);
                console.Out.WriteLine($"{(problem.State == PrincipalState.Missing ? "created" : "enabled")} {problem.Name} ({problem.AppId})");
            }

            var after = await TenantChecker.CheckAsync(graph, cancellationToken).ConfigureAwait(false);
            if (after.Any(s => s.State != PrincipalState.Ok))
            {
                Print(console.Out, after);
                console.Error.WriteLine("Tenant check still fails after --fix; see the lines above.");
                return ExitCodes.GraphError;
            }

            console.Out.WriteLine("Tenant check passed after fixing.");
            return ExitCodes.Success;
        });
    }

    internal static async Task<Plan> PlanCoreAsync(GraphConnection graph, IReadOnlyList<PackageDefinition> packages, PlanOptions options, CancellationToken cancellationToken)
    {
        // Names first: a missing group, filter or scope tag stops the run before anything else happens.
        var resolution = await NameResolver.ResolveAsync(graph, packages, cancellationToken).ConfigureAwait(false);
        var names = packages.Select(p => p.DisplayName.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var tenant = await TenantReader.ReadAsync(graph,
            s => Markers.PackageIdOf(s.Description) is not null || (options.Adopt && names.Contains((s.DisplayName ?? "").Trim())),
            cancellationToken).ConfigureAwait(false);
        return Planner.Create(packages, tenant, resolution, options);
    }

    private static IReadOnlyList<PackageDefinition> ReadOutput(string outputPath, string? profilePath)
    {
        // The profile is accepted for symmetry with build; package.json carries everything publish needs.
        if (profilePath is not null && !File.Exists(profilePath))
        {
            throw new PublishInputException($"Profile '{profilePath}' does not exist. Pass the aovpn.json that build used, or leave --profile out.");
        }

        return OutputFolder.Read(outputPath);
    }

    /// <summary>Opens the Graph connection every command shares (credentials from the environment, the verbose log); the fleet report uses it too.</summary>
    public static GraphConnection Connect(GraphSettings settings, PublishConsole console, Redactor redactor)
    {
        if (!settings.BaseUrl.IsAbsoluteUri || settings.BaseUrl.Scheme is not ("https" or "http") || (settings.BaseUrl.Scheme == "http" && !settings.BaseUrl.IsLoopback))
        {
            throw new PublishInputException($"--graph-base-url '{settings.BaseUrl}' must be an https URL (plain http only for a local emulator on 127.0.0.1).");
        }

        var credential = GraphCredentials.FromEnvironment(console.Environment, console.Interactive, message => console.Error.WriteLine(message));
        foreach (var secret in credential.Secrets)
        {
            redactor.AddSecret(secret);
        }

        var options = new GraphConnectionOptions
        {
            BaseUrl = settings.BaseUrl,
            Credential = credential.Credential,
            Redactor = redactor,
            Log = settings.Verbose ? line => console.Error.WriteLine("graph: " + line) : null,
        };
        console.ConfigureGraph?.Invoke(options);
        if (settings.Verbose)
        {
            console.Error.WriteLine($"graph: {options.BaseUrl} with {credential.Description}");
        }

        return new GraphConnection(options);
    }

    private static void Print(TextWriter output, IEnumerable<PrincipalStatus> statuses)
    {
        foreach (var s in statuses)
        {
            var state = s.State switch
            {
                PrincipalState.Ok => "ok      ",
                PrincipalState.Missing => "MISSING ",
                _ => "DISABLED",
            };
            output.WriteLine($"{state} {s.Name} (appId {s.AppId}){(s.ObjectId is null ? "" : $" id {s.ObjectId}")}");
        }
    }

    /// <summary>The one place exceptions become exit codes and messages (the fleet report goes through it too).</summary>
    /// <param name="cancelled">What to tell the user when the run is cancelled; default: apply's advice.</param>
    public static async Task<int> GuardAsync(PublishConsole console, Redactor redactor, bool detailedExitCode, CancellationToken cancellationToken, Func<Task<int>> run, string? cancelled = null)
    {
        // Secrets in the environment are known before anything can fail.
        foreach (var name in new[] { GraphCredentials.AccessTokenVariable, "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD" })
        {
            redactor.AddSecret(console.Environment(name));
        }

        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine(cancelled ?? "Cancelled. Run the command again: apply starts from what the tenant now holds, so nothing is duplicated.");
            return ExitCodes.Cancelled;
        }
        catch (PublishInputException ex)
        {
            return Fail(ExitCodes.InvalidInput, ex);
        }
        catch (OutputMismatchException ex)
        {
            return Fail(ExitCodes.OutputMismatch, ex);
        }
        catch (TenantStateException ex)
        {
            return Fail(ExitCodes.GraphError, ex);
        }
        catch (GraphRequestException ex)
        {
            return Fail(ExitCodes.GraphError, ex, Hint(ex.Status));
        }
        catch (Microsoft.Graph.Models.ODataErrors.ODataError ex)
        {
            return Fail(ExitCodes.GraphError, new InvalidOperationException(
                $"Graph request failed: {ex.ResponseStatusCode} {ex.Error?.Code}: {ex.Error?.Message ?? ex.Message}"), Hint(ex.ResponseStatusCode));
        }
        catch (ApiException ex)
        {
            return Fail(ExitCodes.GraphError, new InvalidOperationException($"Graph request failed: {ex.ResponseStatusCode}: {ex.Message}"), Hint(ex.ResponseStatusCode));
        }
        catch (Exception ex) when (ex is AuthenticationFailedException or CredentialUnavailableException)
        {
            return Fail(ExitCodes.GraphError, ex,
                $"Sign-in failed. Set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH), use a managed identity, run on a terminal for device code sign-in, or set {GraphCredentials.AccessTokenVariable}.");
        }
        catch (Exception ex)
        {
            return Fail(ExitCodes.Failure, ex);
        }

        int Fail(int code, Exception ex, string? hint = null)
        {
            console.Error.WriteLine("error: " + redactor.Describe(ex));
            if (hint is not null)
            {
                console.Error.WriteLine(redactor.Redact(hint));
            }

            // Under --detailed-exitcode, 1 means error (2 is reserved for "changes pending").
            return detailedExitCode ? ExitCodes.Failure : code;
        }
    }

    private static string? Hint(int status) => status switch
    {
        401 => "The token was refused: check the credential and that it is for this tenant.",
        403 => "Permission denied: the app needs DeviceManagementScripts.ReadWrite.All, DeviceManagementConfiguration.Read.All, Group.Read.All (and Application.ReadWrite.All for tenant check --fix).",
        429 => "Graph kept throttling after all retries; run again later.",
        0 => "No answer from Graph: check the network and --graph-base-url.",
        _ => null,
    };
}
