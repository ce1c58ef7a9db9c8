using AovpnRemediations.Catalogue;
using AovpnRemediations.Graph.Tenant;

namespace AovpnRemediations.Report.Findings;

/// <summary>A finding as <c>run --finding</c> names it: <c>RULE:CODE</c>, checked against the catalogue.</summary>
public sealed record FindingRef(string Rule, string Code)
{
    public override string ToString() => $"{Rule}:{Code}";

    /// <summary>The package whose detection reports the rule.</summary>
    public string PackageId => RuleCatalogue.PackageOf(RuleCatalogue.Rules.First(r => r.Id == Rule)).Id;

    /// <summary>Parses and checks <c>AOVPN1002:CertificateExpiringSoon</c>; a bad one names what is valid.</summary>
    public static FindingRef Parse(string text)
    {
        var parts = text.Trim().Split(':', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new ReportInputException($"--finding '{text}': write it as RULE:CODE, e.g. AOVPN1002:CertificateExpiringSoon (`aovpn-remediations rules --json` lists every rule's codes).");
        }

        var rule = RuleCatalogue.Rules.FirstOrDefault(r => string.Equals(r.Id, parts[0], StringComparison.OrdinalIgnoreCase));
        if (rule is null)
        {
            throw new ReportInputException($"--finding '{text}': there is no rule {parts[0]}. Rules: {string.Join(", ", RuleCatalogue.Rules.Select(r => r.Id).Order(StringComparer.Ordinal))}.");
        }

        var code = rule.FindingCodes.FirstOrDefault(c => string.Equals(c.Name, parts[1], StringComparison.OrdinalIgnoreCase));
        if (code is null)
        {
            var elsewhere = RuleCatalogue.Rules.Where(r => r.FindingCodes.Any(c => string.Equals(c.Name, parts[1], StringComparison.OrdinalIgnoreCase))).Select(r => $"{r.Id}:{parts[1]}").ToList();
            throw new ReportInputException($"--finding '{text}': {rule.Id} has no code '{parts[1]}'. Its codes: {string.Join(", ", rule.FindingCodes.Select(c => c.Name))}."
                + (elsewhere.Count > 0 ? $" Did you mean {string.Join(" or ", elsewhere)}?" : ""));
        }

        return new FindingRef(rule.Id, code.Name);
    }
}

/// <summary>A device whose latest detection line reports at least one of the findings asked for.</summary>
public sealed record DeviceFinding(string DeviceId, string DeviceName, DateTimeOffset? LastReport, IReadOnlyList<FindingRef> Findings);

/// <summary>What a finding source found: the devices, and how many it read and left out as stale.</summary>
/// <param name="Source">What the devices came from, for the run's output ("a fresh report (runstates)", "snapshot 12 of the history store, taken …").</param>
public sealed record FindingSelection(IReadOnlyList<DeviceFinding> Devices, long DevicesRead, long Stale, string Source);

/// <summary>
/// Where <c>run --finding</c> learns which devices report a finding: a fresh report (<see cref="FreshReportFindings"/>) or
/// the last report snapshot in the history store (<see cref="SnapshotFindings"/>); run does not know which.
/// </summary>
public interface IDeviceFindingSource
{
    Task<FindingSelection> FindAsync(ManagedScript script, IReadOnlyList<FindingRef> findings, CancellationToken cancellationToken);
}
