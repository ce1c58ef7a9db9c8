using AovpnRemediations.Graph;
using AovpnRemediations.Publish.Apply;
using AovpnRemediations.Publish.Approvals;
using AovpnRemediations.Publish.Output;
using AovpnRemediations.Publish.Planning;
using AovpnRemediations.Publish.Tenant;

namespace AovpnRemediations.Publish;

/// <summary>
/// The publish stage as its host calls it, in this order: read output/ (before any request, so edited bytes are refused
/// without touching the tenant), plan against the tenant, apply the plan. Failures are typed exceptions
/// (<see cref="PublishInputException"/>, <see cref="OutputMismatchException"/>, <see cref="UnsignedScriptsException"/>,
/// <see cref="TenantStateException"/>, <see cref="GraphRequestException"/>); the host maps them to exit codes.
/// </summary>
public static class Publisher
{
    /// <summary>The Intune packages build wrote, verified against manifest.json.</summary>
    /// <param name="profilePath">Accepted for symmetry with build; package.json carries everything publish needs.</param>
    public static IReadOnlyList<PackageDefinition> ReadOutput(string outputPath, string? profilePath)
    {
        if (profilePath is not null && !File.Exists(profilePath))
        {
            throw new PublishInputException($"Profile '{profilePath}' does not exist. Pass the aovpn.json that build used, or leave --profile out.");
        }

        var packages = OutputFolder.Read(outputPath);
        RequireSignatures(packages);
        return packages;
    }

    /// <summary>
    /// A package whose profile turns on Intune's signature check must have signed scripts: Intune would upload unsigned
    /// ones and every device would refuse to run them. Checked before any request.
    /// </summary>
    /// <exception cref="UnsignedScriptsException">Such a package has unsigned scripts.</exception>
    public static void RequireSignatures(IReadOnlyList<PackageDefinition> packages)
    {
        var unsigned = packages.Where(p => p.EnforceSignatureCheck && p.Signature is null).Select(p => p.Id).ToList();
        if (unsigned.Count > 0)
        {
            throw new UnsignedScriptsException(
                $"The profile sets intune.enforceSignatureCheck, but the scripts of {string.Join(", ", unsigned)} are not signed, so devices would refuse to run them; nothing was sent. "
                + "Sign the output (`aovpn-remediations sign --output DIR --pfx FILE --password-env NAME`, or build with --sign), or set enforceSignatureCheck to false.");
        }
    }

    /// <summary>Resolves names, reads the managed scripts and compares. Reads only.</summary>
    public static async Task<Plan> PlanAsync(GraphConnection graph, IReadOnlyList<PackageDefinition> packages, PlanOptions options, CancellationToken cancellationToken)
    {
        RequireSignatures(packages);
        // Names first: a missing group, filter or scope tag stops the run before anything else happens.
        var resolution = await NameResolver.ResolveAsync(graph, packages, cancellationToken).ConfigureAwait(false);
        var names = packages.Select(p => p.DisplayName.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var tenant = await TenantReader.ReadAsync(graph,
            s => Contracts.OwnershipMarker.PackageIdIn(s.Description) is not null || (options.Adopt && names.Contains((s.DisplayName ?? "").Trim())),
            cancellationToken).ConfigureAwait(false);
        var plan = Planner.Create(packages, tenant, resolution, options);

        // Changes waiting for a second admin (Multi Admin Approval) are shown with the plan and decide what apply may send.
        var (active, note) = await ApprovalRequests.ReadActiveAsync(graph, cancellationToken).ConfigureAwait(false);
        return plan with { Approvals = new ApprovalState(ApprovalRequests.Match(active, plan), note) };
    }

    /// <summary>Carries the plan out; a second run after a successful one makes no writes.</summary>
    public static Task<ApplyResult> ApplyAsync(GraphConnection graph, Plan plan, IApplyProgress progress, CancellationToken cancellationToken) =>
        Applier.ApplyAsync(graph, plan, progress, new ApplyOptions(), cancellationToken);

    /// <summary>Carries the plan out; <paramref name="options"/> holds the justification for writes that need approval.</summary>
    public static Task<ApplyResult> ApplyAsync(GraphConnection graph, Plan plan, IApplyProgress progress, ApplyOptions options, CancellationToken cancellationToken) =>
        Applier.ApplyAsync(graph, plan, progress, options, cancellationToken);

    /// <summary>Checks a justification before anything is sent: the service takes 1024 characters, the tag apply adds needs some.</summary>
    public static void ValidateJustification(string? justification)
    {
        if (justification is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(justification))
        {
            throw new PublishInputException("--justification is empty: say why the change is needed (the approver reads it), e.g. --justification \"CHG0042: new root CA\".");
        }

        if (justification.Trim().Length > ApprovalTag.MaxUserText)
        {
            throw new PublishInputException($"--justification is {justification.Trim().Length} characters; Intune takes at most {ApprovalTag.MaxJustificationLength}, and apply adds a tag of its own, so keep it under {ApprovalTag.MaxUserText}.");
        }
    }
}
