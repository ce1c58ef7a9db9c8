using System.Management.Automation.Language;

namespace AovpnRemediations.Verification;

/// <summary>Collects the findings of one file; one finding per rule and position survives.</summary>
internal sealed class FindingList(string file)
{
    private readonly List<VerificationFinding> items = [];

    public void Add(int line, int column, string rule, string message) =>
        items.Add(new VerificationFinding(file, line, column, rule, message));

    public void Add(IScriptExtent at, string rule, string message) =>
        Add(at.StartLineNumber, at.StartColumnNumber, rule, message);

    /// <summary>
    /// Sorted by line, column and rule. Nested constructs can start at the same place (<c>${a}?.b?.c</c>, a top-level
    /// <c>Write-Output</c> that is also top-level code); of those, the finding added first is kept.
    /// </summary>
    public IReadOnlyList<VerificationFinding> ToSortedList() =>
        items
            .DistinctBy(f => (f.Line, f.Column, f.Rule))
            .OrderBy(f => f.Line)
            .ThenBy(f => f.Column)
            .ThenBy(f => f.Rule, StringComparer.Ordinal)
            .ToList();
}
