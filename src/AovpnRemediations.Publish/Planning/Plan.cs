using AovpnRemediations.Graph.Beta;
using AovpnRemediations.Publish.Approvals;
using AovpnRemediations.Publish.Output;

namespace AovpnRemediations.Publish.Planning;

public enum PackageAction
{
    None,
    Create,
    Update,
}

public sealed record PropertyChange(string Name, string? From, string? To);

/// <param name="Diff">
/// Unified diff of the text (of signed scripts: the text before the signature block); empty when only bytes the text
/// does not show changed (see <see cref="Note"/>), or when only the signer did (see <see cref="Signer"/>).
/// </param>
/// <param name="Signer">Set when the script's signer changes (including from or to unsigned).</param>
public sealed record ScriptChange(string File, string Diff, string? Note, SignerChange? Signer = null);

/// <summary>A script's signer before and after; a null thumbprint is an unsigned script.</summary>
public sealed record SignerChange(string? From, string? To);

public sealed record AssignmentChanges(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, int DesiredCount)
{
    public bool Changed => Added.Count > 0 || Removed.Count > 0;
}

/// <summary>What happens to one package. <see cref="Body"/> is the full property set to create or PATCH with.</summary>
public sealed record PackagePlan(
    PackageDefinition Package,
    PackageAction Action,
    string? ScriptId,
    bool Adopt,
    IReadOnlyList<PropertyChange> Properties,
    IReadOnlyList<ScriptChange> Scripts,
    AssignmentChanges Assignments,
    DeviceHealthScript Body,
    IReadOnlyList<DeviceHealthScriptAssignment> DesiredAssignments)
{
    public bool NeedsWrite => Action == PackageAction.Create || Properties.Count > 0 || Scripts.Count > 0;

    public bool NeedsAssign => Action == PackageAction.Create ? DesiredAssignments.Count > 0 : Assignments.Changed;

    public bool HasChanges => Action == PackageAction.Create || NeedsWrite || NeedsAssign;
}

/// <param name="Reason">"prune" (no longer in output) or "duplicate" (a second script carrying the same marker).</param>
public sealed record Deletion(string ScriptId, string DisplayName, string PackageId, string Reason);

/// <summary>A managed script whose package is no longer in output/, kept because --prune was not given.</summary>
public sealed record Orphan(string ScriptId, string DisplayName, string PackageId);

public sealed record Plan(
    IReadOnlyList<PackagePlan> Packages,
    IReadOnlyList<Deletion> Deletions,
    IReadOnlyList<Orphan> Orphans,
    int TenantScriptCount)
{
    public bool HasChanges => Packages.Any(p => p.HasChanges) || Deletions.Count > 0;

    public int Creates => Packages.Count(p => p.Action == PackageAction.Create);

    public int Updates => Packages.Count(p => p.Action == PackageAction.Update && p.NeedsWrite);

    public int Reassignments => Packages.Count(p => p.Action == PackageAction.Update && p.NeedsAssign);

    public int Unchanged => Packages.Count(p => !p.HasChanges);

    /// <summary>Writes apply will make when nothing fails: creates/PATCHes, /assign posts, deletes.</summary>
    public int ExpectedWrites => Packages.Sum(p => (p.NeedsWrite ? 1 : 0) + (p.NeedsAssign ? 1 : 0)) + Deletions.Count;

    /// <summary>Multi Admin Approval requests that stand for changes of this plan (filled in after planning, from the tenant).</summary>
    public ApprovalState Approvals { get; init; } = ApprovalState.None;
}
