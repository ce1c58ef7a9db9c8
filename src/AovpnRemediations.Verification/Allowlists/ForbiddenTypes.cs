namespace AovpnRemediations.Verification.Allowlists;

/// <summary>
/// .NET types no generated script may name although Windows PowerShell 5.1 has them: whether a type exists is decided
/// by the reference assemblies (DotNet/ReferenceIndex.cs); this short list is policy, each entry with the reason printed
/// in the finding. An entry ending in "." covers a namespace. Names are the full names PowerShell resolves to, so
/// <c>[adsi]</c> and <c>[System.DirectoryServices.DirectoryEntry]</c> are one entry.
/// </summary>
internal static class ForbiddenTypes
{
    private const string Network = "detection makes no network calls";

    private static readonly (string Name, string Reason)[] Entries =
    [
        ("System.Net.WebClient", Network),
        ("System.Net.WebRequest", Network),
        ("System.Net.HttpWebRequest", Network),
        ("System.Net.FtpWebRequest", Network),
        ("System.Net.Dns", Network + " (a name lookup is one)"),
        ("System.Net.NetworkInformation.Ping", Network),
        ("System.Net.Sockets.", Network),
        ("System.Net.Mail.", Network),
        ("System.DirectoryServices.", "[adsi] and [adsisearcher] query Active Directory over the network"),
        ("System.Management.ManagementObject", "WMI goes through Get-CimInstance, the one listed way to query it"),
        ("System.Management.ManagementClass", "WMI goes through Get-CimInstance, the one listed way to query it"),
        ("System.Management.ManagementObjectSearcher", "WMI goes through Get-CimInstance, the one listed way to query it"),
        ("System.Reflection.Assembly", "it loads code at run time, as Add-Type would"),
        ("System.Diagnostics.Process", "it starts processes whose exit codes and output the script does not see, as Start-Process would; call the platform layer"),
        ("System.Management.Automation.PowerShell", "it runs code in another pipeline, outside the script's error handling"),
        ("System.Management.Automation.Runspaces.", "it runs code in another runspace, outside the script's error handling"),
    ];

    private static readonly Dictionary<(string Type, string Member), string> Members = new()
    {
        [("System.Management.Automation.ScriptBlock", "Create")] = "it compiles a string into code, as Invoke-Expression would; profile values would become code",
    };

    /// <summary>The reason the static member <c>[Type]::Member</c> is forbidden, or null when it is not.</summary>
    public static string? ReasonFor(string typeFullName, string member) =>
        Members.FirstOrDefault(pair =>
            string.Equals(pair.Key.Type, typeFullName, StringComparison.OrdinalIgnoreCase)
            && string.Equals(pair.Key.Member, member, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The reason <paramref name="fullName"/> is forbidden, or null when it is not.</summary>
    public static string? ReasonFor(string fullName)
    {
        foreach (var (name, reason) in Entries)
        {
            var matches = name.EndsWith('.')
                ? fullName.StartsWith(name, StringComparison.OrdinalIgnoreCase)
                : string.Equals(fullName, name, StringComparison.OrdinalIgnoreCase)
                  || fullName.StartsWith(name + "+", StringComparison.OrdinalIgnoreCase);
            if (matches)
            {
                return reason;
            }
        }

        return null;
    }
}
