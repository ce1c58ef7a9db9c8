using System.CommandLine;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Rendering.Templates;

namespace AovpnRemediations.Cli.Commands;

/// <summary>Options several commands share, and how they turn into profile and template sources.</summary>
internal static class CommonOptions
{
    public static Option<string?> Profile() => new("--profile", "-p")
    {
        Description = "The org profile (aovpn.json). Without it, the embedded example.net sample is used.",
    };

    public static Option<string?> Templates() => new("--templates")
    {
        Description = "A folder holding every template, replacing the built-in ones.",
    };

    public static Option<string> Output() => new("--output", "-o")
    {
        Description = "The output folder; it is replaced as a whole.",
        DefaultValueFactory = _ => "output",
    };

    public static ProfileSource ProfileSource(string? path) =>
        path is null ? SampleProfileSource.Instance : new FileProfileSource(path);

    public static TemplateSet TemplateSet(string? folder) =>
        folder is null ? Rendering.Templates.TemplateSet.Embedded : Rendering.Templates.TemplateSet.FromDirectory(folder);
}
