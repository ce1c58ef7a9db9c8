using System.Text.Json.Nodes;
using AovpnRemediations.Profile.Loading;

namespace AovpnRemediations.TestSupport;

/// <summary>Copies of the embedded sample profile on disk, to change for a test.</summary>
public static class SampleProfile
{
    /// <summary>The sample profile as a mutable JSON tree.</summary>
    public static JsonObject Json() =>
        JsonNode.Parse(SampleProfileSource.Instance.ReadProfile())!.AsObject();

    /// <summary>Writes the sample (or a changed copy of it) with its certificates into a folder; returns the profile path.</summary>
    public static string WriteTo(string directory, JsonObject? profile = null)
    {
        foreach (var file in SampleProfileSource.Files)
        {
            var target = System.IO.Path.Combine(directory, file);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, SampleProfileSource.Instance.ReadRelative(file));
        }

        var path = System.IO.Path.Combine(directory, SampleProfileSource.ProfileFileName);
        if (profile is not null)
        {
            File.WriteAllText(path, profile.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }

        return path;
    }
}
