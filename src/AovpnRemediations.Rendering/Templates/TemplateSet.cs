using System.Reflection;
using Scriban;
using Scriban.Parsing;

namespace AovpnRemediations.Rendering.Templates;

/// <summary>
/// The Scriban templates a build renders with: the embedded defaults, or a folder given with
/// <c>--templates</c>, which must hold every template (a missing one is an error, not a silent default).
/// </summary>
public sealed class TemplateSet
{
    private const string Extension = ".scriban";
    private readonly Dictionary<string, Template> templates;

    private readonly Dictionary<string, string> sources;

    private TemplateSet(string origin, Dictionary<string, Template> templates, Dictionary<string, string> sources)
    {
        Origin = origin;
        this.templates = templates;
        this.sources = sources;
    }

    /// <summary>Where the templates came from, for messages.</summary>
    public string Origin { get; }

    /// <summary>The names of the embedded templates, read without parsing them.</summary>
    internal static IReadOnlyList<string> EmbeddedNames { get; } =
    [
        .. typeof(TemplateSet).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("templates/", StringComparison.Ordinal) && n.EndsWith(Extension, StringComparison.Ordinal))
            .Select(n => n["templates/".Length..^Extension.Length])
            .Order(StringComparer.Ordinal),
    ];

    // After EmbeddedNames, which loading it reads (static initialisers run in textual order).
    public static TemplateSet Embedded { get; } = LoadEmbedded();

    /// <summary>Every template name and its source text, ordered; the embedded set is what <c>init --templates</c> writes.</summary>
    public IEnumerable<(string Name, string Text)> Sources =>
        sources.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value));

    public static TemplateSet FromDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new TemplateException([$"{directory}: the templates folder does not exist. Fix: pass a folder that holds every template (copy `templates/` from the repository or run `aovpn-remediations init --templates`)."]);
        }

        var texts = Directory.EnumerateFiles(directory, "*" + Extension, SearchOption.AllDirectories)
            .ToDictionary(
                path => Path.GetRelativePath(directory, path).Replace('\\', '/')[..^Extension.Length],
                path => (Path: path, Text: File.ReadAllText(path)),
                StringComparer.Ordinal);
        return Parse(directory, texts);
    }

    /// <summary>The parsed template of a name such as <c>intune/detect.ps1</c>.</summary>
    public Template Get(string name) =>
        templates.TryGetValue(name, out var template)
            ? template
            : throw new TemplateException([$"{Origin}: template '{name}{Extension}' is missing. Fix: add it (copy it from the default templates)."]);

    /// <summary>The text of a template (LF line ends), for the package fingerprint.</summary>
    public string SourceOf(string name) => sources.TryGetValue(name, out var text) ? text : string.Empty;

    private static TemplateSet LoadEmbedded()
    {
        var assembly = typeof(TemplateSet).Assembly;
        var texts = new Dictionary<string, (string Path, string Text)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("templates/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            texts[resource["templates/".Length..^Extension.Length]] = (resource, reader.ReadToEnd());
        }

        return Parse("(embedded templates)", texts);
    }

    private static TemplateSet Parse(string origin, Dictionary<string, (string Path, string Text)> texts)
    {
        var errors = new List<string>();
        var parsed = new Dictionary<string, Template>(StringComparer.Ordinal);
        foreach (var (name, (path, text)) in texts.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            // Templates are stored with LF; normalising here keeps a CRLF checkout from changing the output.
            var template = Template.Parse(text.Replace("\r\n", "\n", StringComparison.Ordinal), path, lexerOptions: new LexerOptions { KeepTrivia = false });
            if (template.HasErrors)
            {
                errors.AddRange(template.Messages.Select(m => $"{path}:{m.Span.Start.Line + 1}:{m.Span.Start.Column + 1}: {m.Message}"));
                continue;
            }

            parsed[name] = template;
        }

        var missing = TemplateNames.Required.Where(n => !parsed.ContainsKey(n) && !errors.Any(e => e.Contains(n, StringComparison.Ordinal))).ToList();
        errors.AddRange(missing.Select(n => $"{origin}: template '{n}{Extension}' is missing. Fix: add it (copy it from the default templates)."));
        if (errors.Count > 0)
        {
            throw new TemplateException(errors);
        }

        return new TemplateSet(
            origin,
            parsed,
            texts.ToDictionary(t => t.Key, t => t.Value.Text.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparer.Ordinal));
    }
}

/// <summary>A template could not be found, parsed or rendered; each message names the file and position.</summary>
public sealed class TemplateException(IReadOnlyList<string> errors) : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
