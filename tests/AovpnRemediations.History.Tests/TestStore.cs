using AovpnRemediations.History.Model;
using AovpnRemediations.History.Store;

namespace AovpnRemediations.History.Tests;

/// <summary>A store in a fresh temporary folder, deleted afterwards, and short ways to write rows to it.</summary>
public sealed class TestStore : IDisposable
{
    public TestStore(HistoryStoreOptions? options = null)
    {
        Folder = Directory.CreateTempSubdirectory("aovpn-history-").FullName;
        Path = System.IO.Path.Combine(Folder, "history.duckdb");
        Options = options ?? new HistoryStoreOptions();
        Store = HistoryStore.Open(Path, Options);
    }

    public string Folder { get; }

    public string Path { get; }

    public HistoryStoreOptions Options { get; }

    public HistoryStore Store { get; private set; }

    public const string Package = "aovpn-trusted-cas";

    public const string Policy = "00000000-0000-4000-8000-00000000b001";

    public static readonly DateTimeOffset Monday = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    public SnapshotCommit Write(DateTimeOffset takenAt, IEnumerable<DeviceSnapshotRow> rows, string package = Package, string policy = Policy)
    {
        using var writer = Store.BeginSnapshot(new SnapshotStart(package, policy, "export", takenAt));
        foreach (var row in rows)
        {
            writer.Add(row);
        }

        return writer.Commit();
    }

    public void Reopen(HistoryStoreOptions? options = null)
    {
        Store.Dispose();
        Store = HistoryStore.Open(Path, options ?? Options);
    }

    public void Dispose()
    {
        Store.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A device row: ok when no findings are given, issue otherwise; reported an hour before <paramref name="takenAt"/> unless told.</summary>
    public static DeviceSnapshotRow Device(string id, DateTimeOffset takenAt, params SnapshotFinding[] findings) =>
        Device(id, takenAt.AddHours(-1), findings.Length > 0 ? "issue" : "ok", findings);

    public static DeviceSnapshotRow Device(string id, DateTimeOffset? lastReport, string status, params SnapshotFinding[] findings) =>
        new(id, "PC-" + id, id + "@example.net", lastReport, findings.Length > 0 ? "fail" : "success", "skipped", status, findings, []);

    public static SnapshotFinding RootMissing(string thumbprint = "AA11") => new("AOVPN2001", "RootMissing", [new("thumbprint", thumbprint)]);

    public static SnapshotFinding CertExpired() => new("AOVPN1003", "CertificateExpired", [new("thumbprint", "CC33"), new("days", "-2")]);
}
