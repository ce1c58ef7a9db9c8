using System.Globalization;
using AovpnRemediations.Catalogue.KnowledgeBase;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.GraphEmulator.Fleet;

/// <summary>A finding code of a package as the fleet generator uses it: rule, code and the JSON names of its data fields, in order.</summary>
public sealed record FleetCode(string Rule, string Code, IReadOnlyList<string> Fields);

/// <summary>The package a synthetic fleet runs: id, the version its lines carry, whether it remediates, its finding codes.</summary>
public sealed record FleetPackage(string PackageId, string Version, bool Remediates, IReadOnlyList<FleetCode> Codes)
{
    /// <summary>From the catalogue's real package: its rules' finding codes and their fields.</summary>
    public static FleetPackage From(Package package, string version) => new(
        package.Id,
        version,
        package.Remediates,
        [.. package.Rules.SelectMany(r => r.FindingCodes.Select(c => new FleetCode(r.Id, c.Name, [.. c.Fields.Select(f => f.JsonName())])))]);
}

/// <summary>Shares of the fleet in each state; the rest is healthy. Each device draws its state from its own seeded generator.</summary>
public sealed record FleetShape
{
    public double Stale { get; init; } = 0.06;

    public double Pending { get; init; } = 0.03;

    public double NotApplicable { get; init; } = 0.01;

    public double NotJson { get; init; } = 0.015;

    public double NotOurs { get; init; } = 0.01;

    public double ScriptFailed { get; init; } = 0.01;

    public double CheckError { get; init; } = 0.03;

    public double Issue { get; init; } = 0.25;

    /// <summary>Devices whose output has an earlier line before the result line (only the last line counts).</summary>
    public double ExtraLines { get; init; } = 0.03;

    /// <summary>One device in this many has a hostile name and output (HTML and spreadsheet injection attempts).</summary>
    public int HostileEvery { get; init; } = 997;
}

/// <summary>One synthetic device's run state, exactly what Graph would return for it.</summary>
public sealed record FleetDevice(
    int Index,
    string DeviceId,
    string DeviceName,
    string UserPrincipalName,
    string DetectionState,
    string RemediationState,
    DateTimeOffset? LastStateUpdate,
    string? PreOutput,
    string? PreError,
    string? RemediationOutput,
    string? RemediationError,
    string? PostOutput,
    string? PostError);

/// <summary>
/// A fleet of N devices running one package, generated from a seed: device i is always the same, so pages, export
/// files and the ground truth agree without keeping devices in memory. Lines are written by <see cref="ResultLineWriter"/>
/// in the exact format of the generated scripts, from the package's real finding codes and fields.
/// </summary>
public sealed class SyntheticFleet
{
    /// <summary>Messages of checks that could not run; the report must group each template as one.</summary>
    public static readonly IReadOnlyList<(string Code, Func<int, string> Message)> CheckErrorTemplates =
    [
        ("AccessDenied", _ => "Access is denied."),
        ("CommandMissing", n => $"The term 'Get-VpnConnection{(n % 2 == 0 ? "" : "x")}' is not recognized as the name of a cmdlet, function, script file, or operable program."),
        ("CheckFailed", n => $"Could not find file 'C:\\ProgramData\\AovpnRemediations\\state-{n}.json'."),
    ];

    /// <summary>What the script itself broke on (ScriptFailed); again one group per template.</summary>
    public static readonly IReadOnlyList<Func<int, string>> CrashTemplates =
    [
        n => $"Exception of type 'System.OutOfMemoryException' was thrown after {n} allocations.",
        n => $"Cannot bind argument to parameter 'Path' because it is null (0x{n:X8}).",
    ];

    public static readonly IReadOnlyList<Func<int, string>> RemediationErrorTemplates =
    [
        n => $"Exception calling \"Add\" with \"1\" argument(s): \"Access is denied. (0x80070005)\" at C:\\Windows\\IMECache\\HealthScripts\\{Guid(n)}_1\\remediate.ps1:{40 + (n % 30)} char:9",
    ];

    private static readonly string[] Profiles = ["Contoso VPN", "Contoso Device Tunnel"];

    private readonly Lazy<FleetTruth> _truth;

    public SyntheticFleet(FleetPackage package, int devices, int seed, DateTimeOffset now, int staleDays = 7, FleetShape? shape = null, FleetEpochs? epochs = null)
    {
        Package = package;
        Count = devices;
        Seed = seed;
        Now = now;
        StaleDays = staleDays;
        Shape = shape ?? new FleetShape();
        Epochs = epochs;
        _listed = epochs is null ? null : [.. Enumerable.Range(0, devices).Where(epochs.Present)];
        _truth = new Lazy<FleetTruth>(() => FleetTruth.Of(this));
    }

    private readonly int[]? _listed;

    /// <summary>How the fleet changes from day to day (<see cref="FleetTimeline"/>); null for a fleet of one day.</summary>
    public FleetEpochs? Epochs { get; }

    /// <summary>Devices in the fleet today (every index of <see cref="Count"/> without epochs).</summary>
    public int Listed => _listed?.Length ?? Count;

    /// <summary>The device at a position of the listing (what paging walks).</summary>
    public FleetDevice DeviceAt(int position) => Device(_listed is null ? position : _listed[position]);

    /// <summary>The indices of the devices in the fleet today.</summary>
    public IEnumerable<int> Indices => _listed ?? Enumerable.Range(0, Count);

    public FleetPackage Package { get; }

    public int Count { get; }

    public int Seed { get; }

    public DateTimeOffset Now { get; }

    /// <summary>The stale cut-off the truth is computed for (stale devices report 1-60 days later than this).</summary>
    public int StaleDays { get; }

    public FleetShape Shape { get; }

    /// <summary>What the generator put in, computed by walking every device once (counters only).</summary>
    public FleetTruth Truth => _truth.Value;

    public IEnumerable<FleetDevice> Devices() => Indices.Select(Device);

    public FleetDevice Device(int index) => Generate(index).Device;

    /// <summary>The device and the facts behind it (the truth is built from these, never by parsing the lines).</summary>
    internal GeneratedDevice Generate(int index)
    {
        var epoch = Epochs?.Epoch(index) ?? 0;
        var random = new Random(unchecked((Seed * 1_000_003) + index + (epoch * 7_919_993)));
        // A device that went stale stopped reporting when its state last changed: its last report stays where it was.
        var stateNow = Epochs?.EpochNow(index) ?? Now;
        var shape = Shape;
        var hostile = shape.HostileEvery > 0 && index % shape.HostileEvery == shape.HostileEvery - 1;
        var id = Guid(index);
        var name = hostile ? $"=HYPERLINK(\"http://x\")<script>alert('{index}')</script>" : $"DESKTOP-{index:X6}";
        var user = $"user{index % 50_000}@example.net";
        var stale = random.NextDouble() < shape.Stale;
        DateTimeOffset? last = stale
            ? stateNow.AddDays(-(StaleDays + 1 + random.Next(60))).AddMinutes(-random.Next(1440))
            : Now.AddMinutes(-random.Next(72 * 60));
        var p = Package;
        var draw = random.NextDouble();

        GeneratedDevice Make(string result, string detection, string? pre, string? preError = null, string remediation = "unknown",
            string? remOutput = null, string? remError = null, string? post = null, string? after = null, List<GeneratedFinding>? findings = null,
            List<(string Rule, string Code)>? still = null, (string Rule, string Code, int Template)? checkError = null, int? crash = null, int? remediationCrash = null, string? remediationResult = null)
        {
            if (pre is not null && random.NextDouble() < shape.ExtraLines)
            {
                pre = "WARNING: the VPN client module is loading\r\n" + pre;
            }

            return new GeneratedDevice(
                new FleetDevice(index, id, name, user, detection, remediation, result == "pending" ? null : last, pre, preError, remOutput, remError, post, null),
                stale, result, findings ?? [], still ?? [], checkError, crash, remediationCrash, after, remediationResult);
        }

        double cumulative = 0;
        bool Next(double share) => draw < (cumulative += share);

        if (Next(shape.Pending))
        {
            return Make("pending", "pending", null);
        }

        if (Next(shape.NotApplicable))
        {
            return Make("notApplicable", "notApplicable", null);
        }

        if (Next(shape.NotJson))
        {
            var text = hostile ? "<img src=x onerror=alert(1)>" : (index % 3) switch
            {
                0 => ResultLineWriter.Detection(p.PackageId, p.Version, "issue", [])[..30],
                1 => "Get-WinEvent : No events were found that match the specified selection criteria.",
                _ => "{\"schema\":1,\"package\":\"" + p.PackageId + "\",\"status\":\"ok\",",
            };
            return Make("notJson", "fail", text);
        }

        if (Next(shape.NotOurs))
        {
            return Make("notOurs", "success", index % 2 == 0 ? "{\"Compliant\":true,\"Reason\":\"legacy script\"}" : "{\"schema\":2,\"package\":\"" + p.PackageId + "\",\"status\":\"ok\"}");
        }

        if (Next(shape.ScriptFailed))
        {
            var template = index % CrashTemplates.Count;
            var message = CrashTemplates[template](index);
            return Make("error", "scriptError", ResultLineWriter.Failure(p.PackageId, p.Version, "error", [], message), $"AOVPN {p.PackageId}: {message}", crash: template);
        }

        if (Next(shape.CheckError))
        {
            var template = index % CheckErrorTemplates.Count;
            var (code, message) = (CheckErrorTemplates[template].Code, CheckErrorTemplates[template].Message(index));
            var rule = p.Codes.Count == 0 ? "AOVPN0000" : p.Codes[index % p.Codes.Count].Rule;
            var line = ResultLineWriter.Detection(p.PackageId, p.Version, "error", [], [LineEntry.Error(rule, code, message)]);
            return Make("error", "scriptError", line, $"AOVPN {p.PackageId}: could not check {rule} ({code})", checkError: (rule, code, template));
        }

        if (p.Codes.Count > 0 && Next(shape.Issue))
        {
            var findings = new List<GeneratedFinding>();
            var howMany = 1 + (random.NextDouble() < 0.3 ? random.Next(1, 3) : 0);
            for (var i = 0; i < howMany; i++)
            {
                // Earlier codes are more common, so the "top findings" have a clear order.
                var code = p.Codes[(int)(Math.Pow(random.NextDouble(), 2) * p.Codes.Count)];
                findings.Add(MakeFinding(code, random, index, hostile));
            }

            var entries = findings.Select(f => f.Entry).ToList();
            var pre = ResultLineWriter.Detection(p.PackageId, p.Version, "issue", entries);
            if (!p.Remediates)
            {
                return Make("issue", "fail", pre, findings: findings);
            }

            var outcome = random.NextDouble();
            if (outcome < 0.70)
            {
                var actions = entries.Select(e => LineEntry.Action(e.Members[0].Value.Text!, "Repaired" + e.Members[1].Value.Text, e.Members.Skip(2).Select(m => (m.Key, m.Value)).ToArray())).ToList();
                return Make("issue", "fail", pre, remediation: "success",
                    remOutput: ResultLineWriter.Remediation(p.PackageId, p.Version, "remediated", actions, []),
                    post: ResultLineWriter.Detection(p.PackageId, p.Version, "ok", []), after: "ok", findings: findings, remediationResult: "remediated");
            }

            if (outcome < 0.82)
            {
                var remaining = findings.Take(1).ToList();
                return Make("issue", "fail", pre, remediation: "remediationFailed",
                    remOutput: ResultLineWriter.Remediation(p.PackageId, p.Version, "failed", [], remaining.Select(f => f.Entry).ToList()),
                    post: ResultLineWriter.Detection(p.PackageId, p.Version, "issue", remaining.Select(f => f.Entry).ToList()), after: "issue",
                    findings: findings, still: [.. remaining.Select(f => f.Key).Distinct()], remediationResult: "failed");
            }

            if (outcome < 0.92)
            {
                var template = index % RemediationErrorTemplates.Count;
                return Make("issue", "fail", pre, remediation: "scriptError", remError: RemediationErrorTemplates[template](index), findings: findings, remediationCrash: template);
            }

            return Make("issue", "fail", pre, remediation: "skipped", findings: findings);
        }

        return Make("ok", "success", ResultLineWriter.Detection(p.PackageId, p.Version, "ok", []));
    }

    private GeneratedFinding MakeFinding(FleetCode code, Random random, int index, bool hostile)
    {
        long? error = null;
        long count = 1;
        var data = new List<(string Key, LineValue Value)>();
        foreach (var field in code.Fields)
        {
            LineValue value = field switch
            {
                "thumbprint" => Thumbprint(code, random.Next(3)),
                "subject" => hostile ? "CN=<b>Evil</b> & \"Co\", O=Example" : $"CN=Example {code.Code} CA {random.Next(3)}, O=Example, C=GB",
                "days" => random.Next(0, 31),
                "profile" => Profiles[random.Next(Profiles.Length)],
                "error" => (error = ErrorCode(random)).Value,
                "count" => count = random.Next(1, 20),
                "user" => $"CONTOSO\\user{random.Next(100)}",
                "device" => $"LAPTOP-{random.Next(100):D4}",
                "service" => "IAS",
                "name" => $"name-{random.Next(5)}",
                _ when field.Contains("hex", StringComparison.OrdinalIgnoreCase) => "0x" + unchecked((uint)(error ?? 0)).ToString("X8", CultureInfo.InvariantCulture),
                _ => $"value-{random.Next(5)}",
            };
            data.Add((field, value));
        }

        return new GeneratedFinding((code.Rule, code.Code), LineEntry.Finding(code.Rule, code.Code, [.. data]), error, count);
    }

    /// <summary>Mostly codes of the knowledge base, plus a few it does not know.</summary>
    private static long ErrorCode(Random random)
    {
        var known = ConnectionErrorCodes.All;
        var pick = random.Next(known.Count + 3);
        return pick < known.Count ? known[pick].Code : pick == known.Count ? 809 : pick == known.Count + 1 ? 0 : 4242;
    }

    private string Thumbprint(FleetCode code, int variant) =>
        System.Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes($"{Seed}:{code.Rule}:{code.Code}:{variant}")));

    public static string Guid(int index) =>
        $"{index:x8}-{(index * 7) & 0xffff:x4}-4{(index * 13) & 0xfff:x3}-8{(index * 17) & 0xfff:x3}-{(long)index * 2654435761L % 0xffffffffffffL:x12}";
}

/// <summary>
/// Which devices are in the fleet on a day, and each one's epoch: the day its state last changed (0 before any change).
/// A device draws its state from its seed and epoch, so it is the same every day until its next change.
/// </summary>
public sealed record FleetEpochs(Func<int, bool> Present, Func<int, int> Epoch, Func<int, DateTimeOffset> EpochNow);

/// <summary>A device and the facts it was built from.</summary>
internal sealed record GeneratedDevice(
    FleetDevice Device,
    bool Stale,
    string Result,
    List<GeneratedFinding> Findings,
    List<(string Rule, string Code)> Still,
    (string Rule, string Code, int Template)? CheckError,
    int? Crash,
    int? RemediationCrash,
    string? After,
    string? RemediationResult);

internal sealed record GeneratedFinding((string Rule, string Code) Key, LineEntry Entry, long? Error, long Count);
