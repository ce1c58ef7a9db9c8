using System.Globalization;
using AovpnRemediations.History.Model;
using AovpnRemediations.History.Store;

namespace AovpnRemediations.History.Tests;

/// <summary>
/// The test assembly's entry point (the test host never calls it): <c>dotnet AovpnRemediations.History.Tests.dll
/// crash-child STORE</c> begins a snapshot, says "writing" once many rows are in, and goes on adding rows until it is
/// killed. The crash test kills it there and checks the store.
/// </summary>
public static class CrashChild
{
    public static int Main(string[] args)
    {
        if (args is not ["crash-child", var path])
        {
            Console.Error.WriteLine("usage: crash-child STORE");
            return 2;
        }

        using var store = HistoryStore.Open(path);
        var writer = store.BeginSnapshot(new SnapshotStart(TestStore.Package, TestStore.Policy, "export", TestStore.Monday.AddDays(1)));
        var fleet = new SyntheticFleet(int.MaxValue);
        for (var i = 0; ; i++)
        {
            writer.Add(fleet.Row(i, 1));
            if (i == 300_000)
            {
                Console.Out.WriteLine("writing " + i.ToString(CultureInfo.InvariantCulture));
                Console.Out.Flush();
            }
        }
    }
}
