namespace AovpnRemediations.Verification.Allowlists;

/// <summary>
/// Commands no generated script may call, whatever an allow-list says, with the reason printed in the finding.
/// An allow-list that names one of them fails to load, so the list cannot be widened by accident.
/// </summary>
internal static class ForbiddenCommands
{
    private static readonly Dictionary<string, string> Reasons = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Invoke-Expression"] = "it runs a string as code; profile values would become code",
        ["Add-Type"] = "it compiles C# on the endpoint (slow, blocked by constrained language mode, flagged by AMSI)",
        ["Invoke-WebRequest"] = "detection makes no network calls, and in 5.1 it depends on the Internet Explorer engine",
        ["Invoke-RestMethod"] = "detection makes no network calls, and in 5.1 it depends on the Internet Explorer engine",
        ["Start-Process"] = "it starts processes whose exit codes and output the script does not see; call the platform layer",
        ["Write-Host"] = "it displaces the result line Intune keeps",
        ["ConvertTo-Json"] = "its output differs between 5.1 and 7; scripts use their own JSON writer",
    };

    public static bool TryGetReason(string name, out string reason) => Reasons.TryGetValue(name, out reason!);
}
