using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using AovpnRemediations.Report.Model;

namespace AovpnRemediations.Report.Output;

/// <summary>The aggregated report as JSON (camelCase, indented); device text is escaped so the file is plain ASCII.</summary>
public static class JsonReportWriter
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Default,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static void Write(FleetReport report, TextWriter output)
    {
        output.Write(JsonSerializer.Serialize(report, Options));
        output.Write('\n');
    }
}
