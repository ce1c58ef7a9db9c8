using System.Globalization;
using AovpnRemediations.History.Model;

namespace AovpnRemediations.History.Tests;

/// <summary>
/// A deterministic fleet for volume tests and the benchmark: device i on day d always gives the same row, so two days
/// give a realistic diff (each finding comes and goes on a few percent of devices per day) without keeping anything.
/// </summary>
public sealed class SyntheticFleet(int devices, int seed = 1)
{
    public const string PackageId = "aovpn-trusted-cas";

    public static readonly DateTimeOffset Day0 = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly (string Rule, string Code, string Field)[] Codes =
    [
        ("AOVPN2001", "RootMissing", "thumbprint"),
        ("AOVPN2002", "IntermediateMissing", "thumbprint"),
        ("AOVPN2003", "RootExpiring", "days"),
    ];

    public int Devices { get; } = devices;

    public static DateTimeOffset TakenAt(int day) => Day0.AddDays(day);

    public IEnumerable<DeviceSnapshotRow> Rows(int day)
    {
        for (var i = 0; i < Devices; i++)
        {
            yield return Row(i, day);
        }
    }

    public DeviceSnapshotRow Row(int i, int day)
    {
        var taken = TakenAt(day);
        var stable = Mix((ulong)i, 0);
        // 6% of devices stop reporting at some day (then stay stale); the rest reported within the last 3 days.
        var stopsAt = stable % 100 < 6 ? (int)((stable >> 8) % 20) : int.MaxValue;
        var last = day >= stopsAt ? TakenAt(stopsAt).AddHours(-(double)((stable >> 16) % 48)) : taken.AddMinutes(-(double)(Mix((ulong)i, (ulong)day + 7) % (72 * 60)));
        var reportDay = Math.Min(day, stopsAt);
        var findings = new List<SnapshotFinding>(2);
        for (var k = 0; k < Codes.Length; k++)
        {
            var (rule, code, field) = Codes[k];
            // A device's propensity (a few fail often) times a daily draw: changes every day on a few percent.
            var propensity = (int)(Mix((ulong)i, (ulong)k + 1000) % 100);
            var draw = (int)(Mix(((ulong)i * 31) + (ulong)k, ((ulong)reportDay * 131) + (ulong)seed) % 1000);
            if (propensity < 20 && draw < 300)
            {
                var value = field == "days" ? ((draw % 30) + 1).ToString(CultureInfo.InvariantCulture) : $"{(Mix((ulong)k, 3) % 4):X2}A1B2C3D4E5F60718293A4B5C6D7E8F901";
                findings.Add(new SnapshotFinding(rule, code, [new(field, value)]));
            }
        }

        var error = Mix((ulong)i, (ulong)reportDay + 99) % 100 < 2;
        var status = error ? "error" : findings.Count > 0 ? "issue" : "ok";
        return new DeviceSnapshotRow(
            DeviceId(i),
            $"DESKTOP-{i:X6}",
            $"user{i % 50_000}@example.net",
            last,
            findings.Count > 0 ? "fail" : error ? "scriptError" : "success",
            findings.Count > 0 ? "remediationFailed" : "skipped",
            status,
            findings,
            error ? [new SnapshotError("AOVPN2001", "AccessDenied")] : []);
    }

    public static string DeviceId(int i) => $"{i:x8}-0000-4000-8000-{(uint)i * 2654435761u:x12}";

    private static ulong Mix(ulong a, ulong b)
    {
        var x = (a * 0x9E3779B97F4A7C15UL) ^ (b + 0x632BE59BD9B4E019UL);
        x ^= x >> 31;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        return x;
    }
}
