using System.Text;
using AovpnRemediations.Catalogue;
using AovpnRemediations.Contracts;
using AovpnRemediations.GraphEmulator.Fleet;

namespace AovpnRemediations.GraphEmulator;

/// <summary>What the standalone emulator starts with: the names the sample profile uses, a Microsoft global script, and MFA service principals that need fixing.</summary>
public static class SampleTenant
{
    public static void Seed(EmulatorState state)
    {
        state.AddRoleScopeTag("Default", "0");
        state.AddGroup("AOVPN Devices");
        state.AddGroup("AOVPN Users");
        state.AddGroup("AOVPN Pilot");
        state.AddGroup("AOVPN VPN and NPS servers");
        state.AddAssignmentFilter("Windows 11 devices");
        state.AddScript(
            "Restart stopped Office C2R svc",
            "Microsoft proprietary script",
            Encoding.ASCII.GetBytes("exit 0\r\n"),
            isGlobalScript: true,
            publisher: "Microsoft");
        state.AddServicePrincipal("981f26a1-7f43-403b-a875-f8b09b8cd720", "Azure Multi-Factor Auth Client", accountEnabled: false);
    }

    /// <summary>A managed script per catalogue package (as apply would have created it), each with a synthetic fleet.</summary>
    /// <param name="now">When the devices last reported relative to (the real clock when trying the CLI by hand).</param>
    public static void AddFleets(GraphEmulator emulator, int devices, DateTimeOffset now, int seed = 1)
    {
        SyntheticFleet? first = null;
        foreach (var package in RuleCatalogue.Packages)
        {
            var id = emulator.State.AddScript(
                "AOVPN - " + package.Title,
                $"{package.Description} {OwnershipMarker.ForPackage(package.Id)}",
                Encoding.ASCII.GetBytes("exit 0\r\n"),
                publisher: "Example Endpoint Engineering");
            var fleet = new SyntheticFleet(FleetPackage.From(package, "0000demo"), devices, seed++, now);
            first ??= fleet;
            emulator.Fleets.Attach(id, fleet);
        }

        // The fleets' devices as Intune managed devices, the first 50 in a pilot device group: enough to try `run`.
        // Kept in memory one record each, so only for fleets of a size people try by hand.
        if (first is not null && devices <= 100_000)
        {
            var managed = emulator.State.AddFleetDevices(first);
            var pilot = emulator.State.AddGroup("AOVPN Pilot devices");
            foreach (var device in managed.Take(50))
            {
                emulator.State.AddGroupMember(pilot, emulator.State.EntraDeviceOf(device).ObjectId);
            }
        }
    }
}
