using System.Text;

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
}
