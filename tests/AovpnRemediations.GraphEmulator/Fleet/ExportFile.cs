using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace AovpnRemediations.GraphEmulator.Fleet;

/// <summary>
/// Writes a fleet as the <c>DeviceRunStatesByProactiveRemediation</c> export: a zip holding one CSV with the selected
/// columns (enum columns as numbers, each followed by its <c>_loc</c> text, as <c>LocalizedValuesAsAdditionalColumn</c>
/// asks). Devices are generated and written one at a time, so a million rows need no more memory than ten.
/// </summary>
public static class ExportFile
{
    /// <summary>Every column of the report (intune-graph.md §2.5); a select naming anything else is refused.</summary>
    public static readonly IReadOnlyList<string> KnownColumns =
    [
        "DetectionScriptStatus", "DetectionStatus", "DeviceId", "DeviceName", "DisplayName", "FilterIdsCSV", "InternalVersion", "JoinType",
        "LastAgentUpdateTime", "Model", "ModifiedTime", "NextExecutionDateTime", "OSDescription", "OSVersion", "PolicyId",
        "PostRemediationDetectionScriptError", "PostRemediationDetectionScriptOutput", "PreRemediationDetectionScriptError",
        "PreRemediationDetectionScriptOutput", "PrimaryUser", "RemediationScriptErrorDetails", "RemediationScriptOutputDetails",
        "RemediationScriptStatus", "RemediationStatus", "UniqueKustoKey", "UPN", "UserEmail", "UserId", "UserName",
    ];

    public static void Write(SyntheticFleet fleet, string scriptId, IReadOnlyList<string> columns, bool localized, string zipPath)
    {
        using var file = new FileStream(zipPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        var entry = zip.CreateEntry($"DeviceRunStatesByProactiveRemediation_{scriptId}.csv", CompressionLevel.Fastest);
        using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(true), 1 << 16);
        var header = new List<string>();
        foreach (var column in columns)
        {
            header.Add(column);
            if (localized && column is "DetectionStatus" or "RemediationStatus")
            {
                header.Add(column + "_loc");
            }
        }

        writer.Write(string.Join(',', header.Select(Quote)));
        writer.Write("\r\n");
        var line = new StringBuilder(1024);
        foreach (var device in fleet.Devices())
        {
            line.Clear();
            foreach (var column in columns)
            {
                Append(line, Value(device, column, scriptId, fleet));
                if (localized && column is "DetectionStatus" or "RemediationStatus")
                {
                    Append(line, column == "DetectionStatus" ? DetectionText(device.DetectionState) : RemediationText(device.RemediationState));
                }
            }

            line.Length--; // the last comma
            line.Append("\r\n");
            writer.Write(line);
        }
    }

    private static string Value(FleetDevice d, string column, string scriptId, SyntheticFleet fleet) => column switch
    {
        "DeviceId" => d.DeviceId,
        "DeviceName" => d.DeviceName,
        "UPN" or "UserEmail" or "UserName" => d.UserPrincipalName,
        "PolicyId" => scriptId,
        "DisplayName" => fleet.Package.PackageId,
        "DetectionStatus" or "DetectionScriptStatus" => DetectionNumber(d.DetectionState),
        "RemediationStatus" or "RemediationScriptStatus" => RemediationNumber(d.RemediationState),
        "ModifiedTime" => d.LastStateUpdate?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) ?? "",
        "PreRemediationDetectionScriptOutput" => d.PreOutput ?? "",
        "PreRemediationDetectionScriptError" => d.PreError ?? "",
        "RemediationScriptOutputDetails" => d.RemediationOutput ?? "",
        "RemediationScriptErrorDetails" => d.RemediationError ?? "",
        "PostRemediationDetectionScriptOutput" => d.PostOutput ?? "",
        "PostRemediationDetectionScriptError" => d.PostError ?? "",
        "OSVersion" => "10.0.22631.4460",
        "JoinType" => "Microsoft Entra joined",
        _ => "",
    };

    // The enum numbers follow the order of Graph's runState / remediationState (their meaning in the CSV is unconfirmed).
    private static string DetectionNumber(string state) => state switch
    {
        "success" => "1",
        "fail" => "2",
        "scriptError" => "3",
        "pending" => "4",
        "notApplicable" => "5",
        _ => "0",
    };

    private static string RemediationNumber(string state) => state switch
    {
        "skipped" => "1",
        "success" => "2",
        "remediationFailed" => "3",
        "scriptError" => "4",
        _ => "0",
    };

    private static string DetectionText(string state) => state switch
    {
        "success" => "Without issues",
        "fail" => "With issues",
        "scriptError" => "Error",
        "pending" => "Pending",
        "notApplicable" => "Not applicable",
        _ => "Unknown",
    };

    private static string RemediationText(string state) => state switch
    {
        "skipped" => "Not run",
        "success" => "Issue fixed",
        "remediationFailed" => "Failed",
        "scriptError" => "Error",
        _ => "Unknown",
    };

    private static void Append(StringBuilder line, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            line.Append(value);
        }

        line.Append(',');
    }

    private static string Quote(string value) => value.Contains(',', StringComparison.Ordinal) ? $"\"{value}\"" : value;
}
