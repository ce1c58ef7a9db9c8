using System.Runtime.CompilerServices;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Catalogue.KnowledgeBase;
using AovpnRemediations.Catalogue.Model;
using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.Report.Graph;
using AovpnRemediations.Report.Model;
using AovpnRemediations.Report.Parsing;
using AovpnRemediations.Report.Sources;

namespace AovpnRemediations.Report.Aggregation;

/// <summary>
/// Folds device rows of one script into counters. Nothing per device is kept: each row is parsed, counted, handed to
/// the drill-down writer and dropped, and every table keyed by device text is a <see cref="BoundedCounter"/>, so memory
/// is the same for 1,000 or 1,000,000 devices.
/// <para>
/// Definitions: a device is <b>stale</b> when its last report is older than the stale cut-off; it is counted apart by its
/// last result and nowhere else. A fresh device's <b>result</b> is the status of its pre-remediation detection line
/// (ok, issue, error; notApplicable when an ok line says the package does not apply, such as a server package on a server
/// without its role) or, when that is missing, Intune's state (pending, notApplicable) or noOutput; a line that is not
/// ours is notOurs or notJson. <b>Findings</b> and <b>error codes</b> come from the pre-remediation line;
/// <b>still after remediation</b> from the post-remediation line.
/// </para>
/// </summary>
public sealed class PackageAggregator
{
    /// <summary>Distinct (rule, code) pairs kept, plus one "*/OtherCodes" bucket: the catalogue has a few dozen; more means devices send made-up codes.</summary>
    public const int MaxFindingKinds = 200;

    public const int MaxErrorCodes = 500;

    public const int ValuesPerField = 64;

    public const int MessageGroups = 200;

    /// <summary>Error lines whose group is remembered (script errors, and check errors in result lines), per table; kept as <see cref="RepeatAdmission"/> decides.</summary>
    private const int MaxRememberedErrorLines = 1024;

    private static readonly Dictionary<(string Rule, string Code), (Rule Rule, FindingCode Code)> Catalogue = RuleCatalogue.Rules
        .SelectMany(r => r.FindingCodes.Select(c => (r, c)))
        .ToDictionary(x => (x.r.Id, x.c.Name), x => (x.r, x.c));

    private static readonly string ErrorField = FindingField.Error.JsonName();
    private static readonly string CountField = FindingField.Count.JsonName();
    private static readonly string ProfileField = FindingField.Profile.JsonName();

    private readonly ManagedScript _script;
    private readonly DateTimeOffset _staleBefore;
    private readonly IDrillDownWriter? _drillDown;
    private readonly Dictionary<string, long> _statuses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _detectionStates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _staleByStatus = new(StringComparer.Ordinal);
    private readonly BoundedCounter _versions = new(32);
    private readonly Dictionary<(string Rule, string Code), FindingCounter> _findings = new(TextPairComparer.Instance);
    private readonly Dictionary<long, ErrorCodeCounter> _errorCodes = [];
    private readonly BoundedCounter _checkErrors = new(MessageGroups);
    private readonly BoundedCounter _scriptErrors = new(MessageGroups);
    private readonly Dictionary<string, long> _remediationStates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _afterRemediation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _remediationResults = new(StringComparer.Ordinal);
    private readonly BoundedCounter _actions = new(64);
    private readonly Unparsed[] _unparsed = [new("pre-remediation detection"), new("remediation"), new("post-remediation detection")];
    private readonly HashSet<(string, string)> _seenOnDevice = new(TextPairComparer.Instance);
    private readonly Dictionary<(string Where, string Line), string> _errorGroups = new(TextPairComparer.Instance);
    private readonly RepeatAdmission _errorGroupsKept = new(MaxRememberedErrorLines);
    private readonly Dictionary<LineError, (string Group, string Text)> _checkErrorGroups = [];
    private readonly RepeatAdmission _checkErrorGroupsKept = new(MaxRememberedErrorLines);
    private readonly HashSet<long> _codesOnDevice = [];
    private readonly ResultLineCache _lines = new();
    private long _devices;
    private long _stale;
    private long _truncated;

    public PackageAggregator(ManagedScript script, DateTimeOffset staleBefore, IDrillDownWriter? drillDown)
    {
        _script = script;
        _staleBefore = staleBefore;
        _drillDown = drillDown;
    }

    public long Devices => _devices;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    public void Add(DeviceRow row)
    {
        _devices++;
        var pre = row.DetectionLine ?? _lines.Parse(row.PreOutput);
        var post = _lines.Parse(row.PostOutput);
        var result = ResultOf(pre, row);
        var stale = IsStale(row, _staleBefore);
        _drillDown?.Write(_script, row, pre, post, result, stale);
        if (stale)
        {
            _stale++;
            Increment(_staleByStatus, result);
            return;
        }

        Increment(_statuses, result);
        Increment(_detectionStates, RunStateNames.Name(row.Detection));
        Count(0, pre);
        if (pre.IsOurs)
        {
            CountLine(pre, post);
        }

        CountScriptError("detection", row.PreError);
        CountScriptError("remediation", row.RemediationError);
        CountScriptError("post-remediation detection", row.PostError);
        CountRemediation(row, post);
    }

    /// <summary>Stale: the device has not reported since the cut-off (one definition for the report and for run --finding).</summary>
    public static bool IsStale(DeviceRow row, DateTimeOffset staleBefore) => row.LastReport is { } last && last < staleBefore;

    /// <summary>The device's result bucket (see the class summary).</summary>
    public static string ResultOf(ResultLine pre, DeviceRow row) => pre.Kind switch
    {
        LineKind.Ours => pre.Outcome!,
        LineKind.NotOurs => "notOurs",
        LineKind.NotJson => "notJson",
        _ => row.Detection switch
        {
            DetectionState.Pending => "pending",
            DetectionState.NotApplicable => "notApplicable",
            _ => "noOutput",
        },
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    private void CountLine(ResultLine pre, ResultLine post)
    {
        _versions.Add(pre.Version ?? "(none)");
        if (pre.Truncated > 0)
        {
            _truncated++;
        }

        _seenOnDevice.Clear();
        _codesOnDevice.Clear();
        // Indexed loops over the line's lists: a foreach over an IReadOnlyList boxes an enumerator per list and device.
        var findings = pre.Findings;
        for (var i = 0; i < findings.Count; i++)
        {
            var finding = findings[i];
            var key = (finding.Rule, finding.Code);
            if (!_findings.TryGetValue(key, out var counter))
            {
                if (_findings.Count >= MaxFindingKinds)
                {
                    key = ("*", "OtherCodes");
                    counter = _findings.GetValueOrDefault(key);
                }

                if (counter is null)
                {
                    counter = new FindingCounter();
                    _findings[key] = counter;
                }
            }

            counter.Occurrences++;
            if (_seenOnDevice.Add(key))
            {
                counter.Devices++;
                if (post.IsOurs && StillThere(post, finding))
                {
                    counter.Still++;
                }
            }

            var fields = finding.Fields;
            for (var f = 0; f < fields.Count; f++)
            {
                var (name, value) = fields[f];
                if (name == CountField)
                {
                    continue;
                }

                if (!counter.Values.TryGetValue(name, out var values))
                {
                    if (counter.Values.Count >= 16)
                    {
                        continue;
                    }

                    values = new BoundedCounter(ValuesPerField);
                    counter.Values[name] = values;
                }

                values.Add(value);
            }

            if (ErrorCodeValue.TryParse(finding.Field(ErrorField), out var code))
            {
                CountErrorCode(code, finding);
            }
        }

        foreach (var error in pre.Errors)
        {
            // Remembered like the script errors' groups: of the benchmark's 1M devices, 40,000 report a check error, and
            // normalising each message again was 5% of the report's CPU with CountScriptError's share.
            if (_checkErrorGroups.TryGetValue(error, out var group))
            {
                _checkErrorGroupsKept.Hit();
            }
            else
            {
                group = ($"{error.Rule} {error.Code}: {MessageNormaliser.Normalise(error.Message)}".Trim(), $"{error.Rule} {error.Code}: {error.Message}".Trim());
                if (_checkErrorGroupsKept.ShouldAdd(error.Message, _checkErrorGroups))
                {
                    _checkErrorGroups[error] = group;
                }
            }

            _checkErrors.Add(group.Group, 1, group.Text);
        }
    }

    /// <summary>Whether the post-remediation line still reports the finding (rule and code).</summary>
    private static bool StillThere(ResultLine post, LineFinding finding)
    {
        var findings = post.Findings;
        for (var i = 0; i < findings.Count; i++)
        {
            if (findings[i].Rule == finding.Rule && findings[i].Code == finding.Code)
            {
                return true;
            }
        }

        return false;
    }

    private void CountErrorCode(long code, LineFinding finding)
    {
        if (!_errorCodes.TryGetValue(code, out var counter))
        {
            if (_errorCodes.Count >= MaxErrorCodes)
            {
                return;
            }

            counter = new ErrorCodeCounter();
            _errorCodes[code] = counter;
        }

        counter.Events += long.TryParse(finding.Field(CountField), out var events) && events > 0 ? events : 1;
        if (_codesOnDevice.Add(code))
        {
            counter.Devices++;
        }

        if (finding.Field(ProfileField) is { Length: > 0 } profile)
        {
            counter.Profiles.Add(profile);
        }
    }

    private void CountScriptError(string where, string? text)
    {
        if (FirstLine(text) is { Length: > 0 } line)
        {
            // Many devices fail with the very same line (of the benchmark's 40,000 detection errors, 10,000 differ), and
            // normalising one is a dozen pattern scans: a bounded table of the lines seen keeps their group names.
            var seen = (where, line);
            if (_errorGroups.TryGetValue(seen, out var group))
            {
                _errorGroupsKept.Hit();
            }
            else
            {
                group = $"{where}: {MessageNormaliser.Normalise(line)}";
                if (_errorGroupsKept.ShouldAdd(line, _errorGroups))
                {
                    _errorGroups[seen] = group;
                }
            }

            _scriptErrors.Add(group, 1, ResultLineParser.Cut(line));
        }
    }

    private void CountRemediation(DeviceRow row, ResultLine post)
    {
        if (row.Remediation != RemediationState.Unknown)
        {
            Increment(_remediationStates, RunStateNames.Name(row.Remediation));
        }

        Count(2, post);
        if (post.IsOurs)
        {
            Increment(_afterRemediation, post.Outcome!);
        }

        var remediation = _lines.Parse(row.RemediationOutput);
        Count(1, remediation);
        if (remediation.IsOurs)
        {
            Increment(_remediationResults, remediation.Outcome!);
            foreach (var action in remediation.Actions)
            {
                _actions.Add($"{action.Rule} {action.Code}");
            }
        }
    }

    private void Count(int slot, ResultLine line)
    {
        if (line.Kind is LineKind.NotJson or LineKind.NotOurs)
        {
            _unparsed[slot].Add(line);
        }
    }

    public PackageReport ToReport(string source, RunSummary summary, IReadOnlyList<HistoryDay> history) => new(
        _script.PackageId,
        _script.DisplayName,
        _script.Id,
        source,
        summary,
        _devices,
        new StaleSummary(_stale, Sorted(_staleByStatus), _staleBefore),
        Sorted(_statuses),
        Sorted(_detectionStates),
        Values(_versions, 10),
        _truncated,
        _findings.Select(f => ToSummary(f.Key, f.Value)).OrderByDescending(f => f.Devices).ThenBy(f => f.Rule, StringComparer.Ordinal).ThenBy(f => f.Code, StringComparer.Ordinal).ToList(),
        _errorCodes.Select(e => ToSummary(e.Key, e.Value)).OrderByDescending(e => e.Devices).ThenBy(e => e.Code).ToList(),
        Groups(_checkErrors),
        Groups(_scriptErrors),
        new RemediationSummary(Sorted(_remediationStates), Sorted(_afterRemediation), Sorted(_remediationResults), Values(_actions, 20)),
        _unparsed.Where(u => u.NotJson + u.NotOurs > 0).Select(u => new UnparsedSummary(u.Slot, u.NotJson, u.NotOurs, u.Example)).ToList(),
        history);

    private FindingSummary ToSummary((string Rule, string Code) key, FindingCounter counter)
    {
        var known = Catalogue.TryGetValue(key, out var entry);
        return new FindingSummary(
            _script.PackageId,
            key.Rule,
            key.Code,
            known ? entry.Rule.Descriptor.Title : null,
            known ? entry.Code.Meaning : null,
            known ? entry.Rule.Descriptor.Severity.ToString() : null,
            known,
            counter.Devices,
            counter.Occurrences,
            counter.Still,
            counter.Values.OrderBy(v => v.Key, StringComparer.Ordinal).ToDictionary(v => v.Key, v => (IReadOnlyList<ValueCount>)Values(v.Value, 10)),
            counter.Values.Values.All(v => v.IsExact));
    }

    private static ErrorCodeSummary ToSummary(long code, ErrorCodeCounter counter)
    {
        var known = ConnectionErrorCodes.Find(code);
        return new ErrorCodeSummary(code, ErrorCodeValue.Hex(code), known?.Symbol, known?.Meaning, known?.LikelyCause, known?.WhatToCheck,
            counter.Devices, counter.Events, Values(counter.Profiles, 10));
    }

    private static List<ValueCount> Values(BoundedCounter counter, int top) =>
        counter.Top(top).Select(e => new ValueCount(e.Key, e.Count)).ToList();

    private static List<MessageGroup> Groups(BoundedCounter counter) =>
        counter.Top(50).Select(e => new MessageGroup(e.Key, e.Count, e.Example)).ToList();

    private static SortedDictionary<string, long> Sorted(Dictionary<string, long> counts) => new(counts, StringComparer.Ordinal);

    private static void Increment(Dictionary<string, long> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    private static string? FirstLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (!line.IsWhiteSpace())
            {
                return line.Trim().ToString();
            }
        }

        return null;
    }

    private sealed class FindingCounter
    {
        public long Devices;
        public long Occurrences;
        public long Still;
        public readonly Dictionary<string, BoundedCounter> Values = new(StringComparer.Ordinal);
    }

    private sealed class ErrorCodeCounter
    {
        public long Devices;
        public long Events;
        public readonly BoundedCounter Profiles = new(ValuesPerField);
    }

    private sealed class Unparsed(string slot)
    {
        public string Slot { get; } = slot;

        public long NotJson { get; private set; }

        public long NotOurs { get; private set; }

        public string? Example { get; private set; }

        public void Add(ResultLine line)
        {
            if (line.Kind == LineKind.NotJson)
            {
                NotJson++;
            }
            else
            {
                NotOurs++;
            }

            Example ??= line.Raw is { Length: > 120 } raw ? raw[..117] + "..." : line.Raw;
        }
    }
}

/// <summary>Receives each device row as it is parsed: the CSV drill-down writes it straight out.</summary>
public interface IDrillDownWriter
{
    void Write(ManagedScript script, DeviceRow row, ResultLine pre, ResultLine post, string result, bool stale);
}
