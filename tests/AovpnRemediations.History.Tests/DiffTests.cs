using AovpnRemediations.History.Changes;
using AovpnRemediations.History.Model;
using AovpnRemediations.History.Store;
using static AovpnRemediations.History.Tests.TestStore;

namespace AovpnRemediations.History.Tests;

/// <summary>Three snapshots, Monday to Wednesday, with one device per case the definitions of a change have to get right.</summary>
public sealed class DiffTests : IDisposable
{
    private static readonly DateTimeOffset Tuesday = Monday.AddDays(1);
    private static readonly DateTimeOffset Wednesday = Monday.AddDays(2);
    private readonly TestStore _t = new();
    private readonly long _monday;
    private readonly long _tuesday;
    private readonly long _wednesday;

    public DiffTests()
    {
        _monday = _t.Write(Monday, [
            Device("d1-fixed", Monday, RootMissing()),
            Device("d2-new", Monday),
            Device("d3-recurs", Monday, RootMissing()),
            Device("d4-goes-stale", Monday),
            Device("d5-check-error", Monday, RootMissing()),
            Device("d6-stale-no-finding", Monday, RootMissing()),
            Device("d7-removed", Monday, RootMissing()),
            Device("d8-was-stale", Monday.AddDays(-10), "issue", RootMissing()),
        ]).Snapshot.Id;
        DeviceSnapshotRow[] tuesday = [
            Device("d1-fixed", Tuesday),
            Device("d2-new", Tuesday, RootMissing()),
            Device("d3-recurs", Tuesday),
            Device("d4-goes-stale", Monday.AddDays(-8), "ok"),
            Device("d5-check-error", Tuesday.AddHours(-1), "error"),
            Device("d6-stale-no-finding", Monday.AddDays(-9), "ok"),
            Device("d8-was-stale", Tuesday, RootMissing()),
            Device("d9-new-device", Tuesday, CertExpired()),
            Device("d10-two-roots", Tuesday, RootMissing("AA11"), RootMissing("BB22")),
        ];
        _tuesday = _t.Write(Tuesday, tuesday).Snapshot.Id;
        _wednesday = _t.Write(Wednesday, tuesday.Select(r => r.DeviceId == "d3-recurs" ? Device("d3-recurs", Wednesday, RootMissing("DD44")) : r)).Snapshot.Id;
    }

    public void Dispose() => _t.Dispose();

    [Fact]
    public void Newly_failing_devices_are_fresh_ones_with_a_finding_they_did_not_have_before()
    {
        var diff = _t.Store.Diff(_monday, _tuesday);
        Assert.Equal(["d10-two-roots", "d2-new"], Ids(diff, ChangeKind.NewlyFailing, "RootMissing"));
        Assert.Equal(["d9-new-device"], Ids(diff, ChangeKind.NewlyFailing, "CertificateExpired"));
        var root = diff.Findings.Single(f => f.Code == "RootMissing");
        Assert.Equal((2, 0, 2), (root.NewlyFailing, root.Recurring, root.Fixed));
    }

    [Fact]
    public void Fixed_devices_report_fresh_with_checks_that_ran_and_without_the_finding()
    {
        // d5 could not check (error), d6 is stale, d7 is gone from the export: none of them is known to be fixed.
        var diff = _t.Store.Diff(_monday, _tuesday);
        Assert.Equal(["d1-fixed", "d3-recurs"], Ids(diff, ChangeKind.Fixed, "RootMissing"));
        var fixedOne = diff.Devices.First(d => d.Change == ChangeKind.Fixed);
        Assert.Equal("thumbprint=AA11", fixedOne.Detail);
        Assert.Equal("ok", fixedOne.Status);
    }

    [Fact]
    public void Devices_that_reported_before_and_are_stale_now_have_gone_stale()
    {
        var diff = _t.Store.Diff(_monday, _tuesday);
        Assert.Equal(2, diff.GoneStale);
        var stale = diff.Devices.Where(d => d.Change == ChangeKind.GoneStale).ToList();
        Assert.Equal(["d4-goes-stale", "d6-stale-no-finding"], stale.Select(d => d.DeviceId));
        Assert.All(stale, d => Assert.Null(d.Rule));
        Assert.Equal(Monday.AddDays(-8), stale[0].LastReport);
    }

    [Fact]
    public void A_finding_fixed_and_back_within_the_window_is_recurring_with_when_it_failed_before()
    {
        var diff = _t.Store.Diff(_tuesday, _wednesday);
        var recurring = Assert.Single(diff.Devices, d => d.Change == ChangeKind.Recurring);
        Assert.Equal("d3-recurs", recurring.DeviceId);
        Assert.Equal(Monday, recurring.PreviouslyFailingAt);
        Assert.Equal("thumbprint=DD44", recurring.Detail);
        Assert.DoesNotContain(diff.Devices, d => d.Change == ChangeKind.NewlyFailing);
        Assert.Equal(1, diff.Recurring);
    }

    [Fact]
    public void Outside_the_recurring_window_a_returning_finding_is_newly_failing()
    {
        var diff = _t.Store.Diff(_tuesday, _wednesday, new DiffOptions { RecurringDays = 1 });
        Assert.Equal(["d3-recurs"], Ids(diff, ChangeKind.NewlyFailing, "RootMissing"));
        Assert.Equal(0, diff.Recurring);
    }

    [Fact]
    public void A_device_with_the_same_finding_twice_is_one_change_with_both_details()
    {
        var diff = _t.Store.Diff(_monday, _tuesday);
        var change = diff.Devices.Single(d => d.DeviceId == "d10-two-roots");
        Assert.Equal("thumbprint=AA11 | thumbprint=BB22", change.Detail);
    }

    [Fact]
    public void Finding_counts_before_and_now_are_of_fresh_devices()
    {
        var diff = _t.Store.Diff(_monday, _tuesday);
        var root = diff.Findings.Single(f => f.Code == "RootMissing");
        // Before: d1 d3 d5 d6 d7 (d8 was stale). Now: d2 d8 d10.
        Assert.Equal((5, 3), (root.DevicesBefore, root.DevicesNow));
        var expired = diff.Findings.Single(f => f.Code == "CertificateExpired");
        Assert.Equal((0, 1, 1), (expired.DevicesBefore, expired.DevicesNow, expired.NewlyFailing));
    }

    [Fact]
    public void Device_lists_are_cut_per_group_while_the_counts_stay_exact()
    {
        var diff = _t.Store.Diff(_monday, _tuesday, new DiffOptions { MaxDevicesPerGroup = 1 });
        Assert.True(diff.DevicesCut);
        Assert.Single(diff.Devices, d => d.Change == ChangeKind.NewlyFailing && d.Code == "RootMissing");
        Assert.Equal(2, diff.Findings.Single(f => f.Code == "RootMissing").NewlyFailing);
        Assert.Equal(2, diff.GoneStale);
        Assert.False(_t.Store.Diff(_monday, _tuesday).DevicesCut);
    }

    [Fact]
    public void The_default_pair_is_the_latest_snapshot_and_the_latest_one_at_or_before_the_period()
    {
        var (from, to) = _t.Store.ResolvePair(Package, TimeSpan.FromDays(1), Wednesday.AddHours(1));
        Assert.Equal((_tuesday, _wednesday), (from.Id, to.Id));
        (from, to) = _t.Store.ResolvePair(Package, TimeSpan.FromDays(2), Wednesday.AddHours(1));
        Assert.Equal((_monday, _wednesday), (from.Id, to.Id));
        (from, to) = _t.Store.ResolvePair(Package, TimeSpan.FromDays(1), Tuesday);
        Assert.Equal((_monday, _tuesday), (from.Id, to.Id));
        var e = Assert.Throws<HistoryStoreException>(() => _t.Store.ResolvePair(Package, TimeSpan.FromDays(7), Wednesday));
        Assert.Equal(HistoryError.UnknownSnapshot, e.Error);
        Assert.Contains("the oldest is 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_diff_of_two_packages_is_refused()
    {
        var other = _t.Write(Wednesday, [Device("d1", Wednesday)], package: "aovpn-user-tunnel-cert").Snapshot.Id;
        var e = Assert.Throws<HistoryStoreException>(() => _t.Store.Diff(_monday, other));
        Assert.Equal(HistoryError.InvalidRequest, e.Error);
    }

    [Fact]
    public void A_trend_counts_fresh_devices_per_finding_in_every_snapshot_with_zeros_where_absent()
    {
        var trend = _t.Store.Trend(Package);
        Assert.Equal([_monday, _tuesday, _wednesday], trend.Snapshots.Select(s => s.SnapshotId));
        var root = trend.Findings.Single(f => f.Code == "RootMissing");
        Assert.Equal([5L, 3L, 4L], root.Devices);
        var expired = trend.Findings.Single(f => f.Code == "CertificateExpired");
        Assert.Equal([0L, 1L, 1L], expired.Devices);
        Assert.Equal([8L, 9L, 9L], trend.Snapshots.Select(s => s.Devices));
        Assert.Equal([1L, 2L, 2L], trend.Snapshots.Select(s => s.StaleDevices));
        Assert.Empty(_t.Store.Trend("aovpn-nothing-stored").Snapshots);
    }

    [Fact]
    public void The_latest_snapshot_of_a_tenants_script_lists_its_fresh_devices_with_a_finding_including_unchanged_ones()
    {
        using var t = new TestStore();
        const string otherTenant = "00000000-0000-4000-8000-00000000b002";
        var reported = Monday.AddHours(-1);
        t.Write(Monday, [Device("x-unchanged", reported, "issue", RootMissing()), Device("y-fixed", Monday, RootMissing()), Device("s-stale", Monday.AddDays(-9), "issue", RootMissing())]);
        var tuesday = t.Write(Tuesday, [Device("x-unchanged", reported, "issue", RootMissing()), Device("y-fixed", Tuesday), Device("s-stale", Monday.AddDays(-9), "issue", RootMissing()), Device("z-new", Tuesday, RootMissing("BB22"), CertExpired())]).Snapshot;
        t.Write(Wednesday, [Device("w-other-tenant", Wednesday, RootMissing())], policy: otherTenant);

        var latest = t.Store.LatestSnapshot(Package, Policy);
        Assert.Equal(tuesday.Id, latest!.Id);
        Assert.Equal(otherTenant, t.Store.LatestSnapshot(Package)!.PolicyId);
        Assert.Null(t.Store.LatestSnapshot("aovpn-nothing-stored"));

        var root = t.Store.DevicesWith(latest, "AOVPN2001", "RootMissing");
        Assert.Equal(["x-unchanged", "z-new"], root.Select(d => d.DeviceId).Order(StringComparer.Ordinal));
        Assert.All(root, d => Assert.Equal(tuesday.Id, d.SnapshotId));
        Assert.Equal("thumbprint=BB22", root.Single(d => d.DeviceId == "z-new").Detail);
        Assert.Equal(["z-new"], t.Store.DevicesWith(latest, "AOVPN1003").Select(d => d.DeviceId));
        Assert.Empty(t.Store.DevicesWith(latest, "AOVPN2001", "IntermediateMissing"));
    }

    private static List<string> Ids(SnapshotDiff diff, ChangeKind kind, string code) =>
        diff.Devices.Where(d => d.Change == kind && d.Code == code).Select(d => d.DeviceId).Order(StringComparer.Ordinal).ToList();
}
