namespace AovpnRemediations.Report.Parsing;

/// <summary>What the last line of a script output turned out to be.</summary>
public enum LineKind
{
    /// <summary>No output at all (the script has not run, or wrote nothing).</summary>
    Empty,

    /// <summary>A result line of a generated script (<c>"schema":1</c>, a package and a known status).</summary>
    Ours,

    /// <summary>Valid JSON, but not a result line of this tool (another script, an older format).</summary>
    NotOurs,

    /// <summary>Not valid JSON (cut off, plain text, an error message).</summary>
    NotJson,
}

/// <summary>One finding of a result line: rule, code and its data fields in the order the script wrote them.</summary>
public sealed record LineFinding(string Rule, string Code, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    public string? Field(string name)
    {
        for (var i = 0; i < Fields.Count; i++) // indexed: called per finding and device, and a foreach would box an enumerator
        {
            if (Fields[i].Key == name)
            {
                return Fields[i].Value;
            }
        }

        return null;
    }
}

/// <summary>A check or repair that could not run (<c>errors</c> of a result line).</summary>
public sealed record LineError(string Rule, string Code, string Message);

/// <summary>
/// A parsed result line. Everything in it came from a device: treat it as untrusted text (bounded length, encoded
/// wherever it is shown).
/// </summary>
public sealed record ResultLine(
    LineKind Kind,
    string? Package,
    string? Version,
    string? Status,
    IReadOnlyList<LineFinding> Findings,
    IReadOnlyList<LineError> Errors,
    IReadOnlyList<LineFinding> Actions,
    int Truncated,
    string? Raw)
{
    public static readonly ResultLine Empty = new(LineKind.Empty, null, null, null, [], [], [], 0, null);

    public bool IsOurs => Kind == LineKind.Ours;

    /// <summary>
    /// The package does not apply to the device (<c>"notApplicable":true</c> on an ok line: a server package on a
    /// server without its role); <see cref="Reason"/> says why.
    /// </summary>
    public bool NotApplicable { get; init; }

    /// <summary>Why the package does not apply (<c>"reason"</c>), cut like every value from a device.</summary>
    public string? Reason { get; init; }

    /// <summary>What the line says happened: its status, or <c>notApplicable</c> for an ok line of a package that does not apply.</summary>
    public string? Outcome => NotApplicable && Status == "ok" ? "notApplicable" : Status;
}
