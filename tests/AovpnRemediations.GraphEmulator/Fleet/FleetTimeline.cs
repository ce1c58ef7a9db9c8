namespace AovpnRemediations.GraphEmulator.Fleet;

/// <summary>
/// A fleet that changes from one report run to the next, with the ground truth of what changed. On each day after day 0
/// a share of devices changes state (draws again from its seed and the day), a few devices leave for good, and a few join.
/// <see cref="Changes"/> says, from the facts each device was generated from (never from its lines), which devices the
/// history's diff must list as newly failing, recurring, fixed and gone stale, with the definitions of docs/history.
/// </summary>
public sealed class FleetTimeline(FleetPackage package, int devices, int seed, DateTimeOffset day0, double changeShare = 0.3, double leaveShare = 0.01, int joiners = 20, FleetShape? shape = null)
{
    public DateTimeOffset Day(int day) => day0.AddDays(day);

    public SyntheticFleet At(int day) => new(package, devices + joiners, seed, Day(day), staleDays: 7, shape,
        new FleetEpochs(i => Present(i, day), i => Epoch(i, day), i => Day(Epoch(i, day))));

    public bool Present(int index, int day)
    {
        if (index >= devices)
        {
            return day >= 1 + ((index - devices) % 2);
        }

        for (var d = 1; d <= day; d++)
        {
            if (Draw(index, d, 17) < leaveShare)
            {
                return false;
            }
        }

        return true;
    }

    public int Epoch(int index, int day)
    {
        var epoch = 0;
        for (var d = 1; d <= day; d++)
        {
            if (Draw(index, d, 3) < changeShare)
            {
                epoch = d;
            }
        }

        return epoch;
    }

    /// <summary>What the diff from <paramref name="fromDay"/> to <paramref name="toDay"/> must list, given the days of the snapshots in its recurring window.</summary>
    public IReadOnlySet<ExpectedChange> Changes(int fromDay, int toDay, IReadOnlyList<int> windowDays)
    {
        var from = At(fromDay);
        var to = At(toDay);
        var window = windowDays.Select(At).ToList();
        var expected = new HashSet<ExpectedChange>();
        for (var i = 0; i < devices + joiners; i++)
        {
            if (!Present(i, toDay))
            {
                continue;
            }

            var b = to.Generate(i);
            var a = Present(i, fromDay) ? from.Generate(i) : null;
            var keysB = Keys(b);
            var keysA = a is null ? [] : Keys(a);
            if (Fresh(b))
            {
                foreach (var key in keysB.Where(k => !keysA.Contains(k)))
                {
                    var before = window.Where((w, n) => Present(i, windowDays[n]) && Keys(w.Generate(i)).Contains(key)).Any();
                    expected.Add(new ExpectedChange(before ? "recurring" : "newlyFailing", key.Kind, key.Rule, key.Code, b.Device.DeviceId));
                }

                if (b.Result is "ok" or "issue")
                {
                    foreach (var key in keysA.Where(k => !keysB.Contains(k)))
                    {
                        expected.Add(new ExpectedChange("fixed", key.Kind, key.Rule, key.Code, b.Device.DeviceId));
                    }
                }
            }
            else if (a is not null && Fresh(a))
            {
                expected.Add(new ExpectedChange("goneStale", null, null, null, b.Device.DeviceId));
            }
        }

        return expected;
    }

    private static bool Fresh(GeneratedDevice d) => !(d.Stale && d.Device.LastStateUpdate is not null);

    /// <summary>The (kind, rule, code) keys a device's pre-remediation line carries: findings, and checks that could not run.</summary>
    private static HashSet<(string Kind, string Rule, string Code)> Keys(GeneratedDevice d)
    {
        var keys = new HashSet<(string, string, string)>();
        foreach (var finding in d.Findings)
        {
            keys.Add(("finding", finding.Key.Rule, finding.Key.Code));
        }

        if (d.CheckError is { } check)
        {
            keys.Add(("checkError", check.Rule, check.Code));
        }

        if (d.Crash is not null)
        {
            keys.Add(("checkError", "", "ScriptFailed"));
        }

        return keys;
    }

    private double Draw(int index, int day, int salt)
    {
        var x = ((ulong)(uint)index * 0x9E3779B97F4A7C15UL) ^ ((ulong)(day * 131 + salt + (seed * 7)) * 0xBF58476D1CE4E5B9UL);
        x ^= x >> 31;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 29;
        return (x >> 11) / (double)(1UL << 53);
    }
}

/// <summary>One device the diff must list: change (newlyFailing, recurring, fixed, goneStale), finding kind, rule, code (null for gone stale), device id.</summary>
public sealed record ExpectedChange(string Change, string? Kind, string? Rule, string? Code, string DeviceId);
