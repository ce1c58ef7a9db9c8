using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AovpnRemediations.Catalogue.Kinds;
using AovpnRemediations.Catalogue.KnowledgeBase;
using AovpnRemediations.Catalogue.Model;

namespace AovpnRemediations.Catalogue.Docs;

/// <summary>
/// The rule pages of <c>docs/rules/</c>: one <c>AOVPNnnnn.md</c> per rule, made only from the rule's metadata
/// (so a page cannot say something the rule does not), and <c>README.md</c>, the index. The text is
/// Markdown with LF line ends; a test regenerates it and compares it with the committed pages.
/// </summary>
public static partial class RuleDocumentation
{
    public const string IndexFileName = "README.md";

    /// <summary>The default folder, relative to the repository root.</summary>
    public const string DefaultFolder = "docs/rules";

    /// <summary>Every page by file name, in catalogue order, the index last.</summary>
    public static IReadOnlyList<(string FileName, string Text)> Generate(IReadOnlyList<Package> packages)
    {
        var pages = packages
            .SelectMany(p => p.Rules.Select(r => (FileName: FileNameOf(r), Text: Page(p, r))))
            .ToList();
        pages.Add((IndexFileName, Index(packages)));
        return pages;
    }

    public static string FileNameOf(Rule rule) => rule.Id + ".md";

    /// <summary>Whether a file in the docs folder is one this generator writes (and so may replace or remove).</summary>
    public static bool IsGenerated(string fileName) => fileName == IndexFileName || PageName().IsMatch(fileName);

    public static string Page(Package package, Rule rule)
    {
        var d = rule.Descriptor;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# {rule.Id}: {d.Title}\n\n");
        text.Append(Generated).Append("\n\n");
        text.Append("| | |\n|---|---|\n");
        text.Append(CultureInfo.InvariantCulture, $"| Package | [`{package.Id}`]({IndexFileName}#{package.Id}) ({Cell(package.Title)}) |\n");
        text.Append(CultureInfo.InvariantCulture, $"| Severity | {d.Severity} |\n");
        text.Append(CultureInfo.InvariantCulture, $"| Scope | {ScopeName(d.Scope)} |\n");
        text.Append(CultureInfo.InvariantCulture, $"| Runs as | {(d.RunAs == RunAsAccount.User ? "the signed-in user" : "SYSTEM")} |\n");
        text.Append(CultureInfo.InvariantCulture, $"| Remedy | {(rule.Remedy is null ? "none (detection only)" : "yes")} |\n");
        text.Append(CultureInfo.InvariantCulture, $"| Built when | {(d.Requires == ProfileRequirements.None ? "always" : Cell(d.Requires.Describe()))} |\n");
        text.Append(CultureInfo.InvariantCulture, $"| ConfigMgr baseline | `configMgr.baselines.{package.Role.JsonName()}` ({package.Role.Describe()}) |\n");
        if (package.Feature is { } feature)
        {
            text.Append(CultureInfo.InvariantCulture, $"| Applies where | the Windows feature `{feature.Name}` ({Cell(feature.DisplayName)}) is installed; elsewhere the package checks nothing and reports not applicable (ConfigMgr: Compliant) |\n");
        }

        text.Append('\n');

        text.Append("## What it checks\n\n").Append(d.Details ?? d.Title + ".").Append("\n\n");
        text.Append("## Why it matters\n\n").Append(d.Why).Append("\n\n");

        text.Append("## Finding codes\n\n");
        text.Append("Each finding is an object in the `findings` list of the package's result line: `rule`, `code`, then the data fields.\n\n");
        text.Append("| Code | Meaning | Data fields |\n|---|---|---|\n");
        foreach (var code in rule.FindingCodes)
        {
            var fields = code.Fields.Count == 0 ? "none" : string.Join(", ", code.Fields.Select(f => $"`{f.JsonName()}`"));
            text.Append(CultureInfo.InvariantCulture, $"| `{code.Name}` | {Cell(code.Meaning)} | {fields} |\n");
        }

        text.Append("\n## Remedy\n\n")
            .Append(rule.Remedy?.Summary ?? "None: the package reports this finding and leaves the fix to an engineer (below).")
            .Append("\n\n");
        text.Append("## How to fix it by hand\n\n").Append(d.ManualFix).Append("\n\n");
        if (rule.Check is ConnectionFailureEventsCheck)
        {
            AppendErrorCodes(text);
        }

        text.Append("## Sources\n\n");
        foreach (var source in d.Sources.Concat(package.Feature?.Sources ?? []).Distinct())
        {
            text.Append(CultureInfo.InvariantCulture, $"- <{source.AbsoluteUri}>\n");
        }

        return text.ToString();
    }

    public static string Index(IReadOnlyList<Package> packages)
    {
        var rules = packages.SelectMany(p => p.Rules.Select(r => (Package: p, Rule: r))).OrderBy(x => x.Rule.Id, StringComparer.Ordinal).ToList();
        var text = new StringBuilder("# AOVPN rules\n\n");
        text.Append(Generated).Append("\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{rules.Count} rules in {packages.Count} packages. Each package is one Intune remediation (or ConfigMgr configuration item); a rule whose profile settings are missing is left out of its package.\n\n");
        text.Append("| Rule | Title | Package | Severity | Runs as | Remedy |\n|---|---|---|---|---|---|\n");
        foreach (var (package, rule) in rules)
        {
            var d = rule.Descriptor;
            text.Append(CultureInfo.InvariantCulture, $"| [{rule.Id}]({FileNameOf(rule)}) | {Cell(d.Title)} | `{package.Id}` | {d.Severity} | {(d.RunAs == RunAsAccount.User ? "user" : "SYSTEM")} | {(rule.Remediates ? "yes" : "no")} |\n");
        }

        text.Append("\n## Packages\n");
        foreach (var package in packages)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n### {package.Id}\n\n");
            text.Append(CultureInfo.InvariantCulture, $"{package.Title}: {package.Description} Runs as {(package.RunAs == RunAsAccount.User ? "the signed-in user" : "SYSTEM")}")
                .Append(package.Remediates ? "; has a remediation script." : "; detection only.")
                .Append("\n\n");
            foreach (var rule in package.Rules)
            {
                text.Append(CultureInfo.InvariantCulture, $"- [{rule.Id}]({FileNameOf(rule)}): {rule.Descriptor.Title}\n");
            }
        }

        text.Append("\n## Error codes\n\nThe connection error codes RasClient reports, with their likely Always On VPN causes, are listed on the page of ");
        var eventRules = rules.Where(x => x.Rule.Check is ConnectionFailureEventsCheck).Select(x => $"[{x.Rule.Id}]({FileNameOf(x.Rule)})").ToList();
        text.Append(eventRules.Count == 0 ? "the connection health rule" : string.Join(", ", eventRules)).Append(".\n");
        return text.ToString();
    }

    private const string Generated = "<!-- Generated by `aovpn-remediations docs` from the rule catalogue; do not edit. A test fails when this page and the catalogue disagree. -->";

    private static void AppendErrorCodes(StringBuilder text)
    {
        text.Append("## Error codes\n\n");
        text.Append(CultureInfo.InvariantCulture, $"The knowledge base of connection error codes ({ConnectionErrorCodes.All.Count} codes) that the fleet report also uses. RasClient logs the code in decimal; HRESULTs appear negative. Causes marked UNCONFIRMED have no source that ties them to Always On VPN.\n\n");
        foreach (var entry in ConnectionErrorCodes.All)
        {
            text.Append(CultureInfo.InvariantCulture, $"### {entry.Code} ({entry.Hex}) {entry.Symbol}\n\n");
            text.Append(CultureInfo.InvariantCulture, $"- Meaning: {entry.Meaning}\n");
            text.Append(CultureInfo.InvariantCulture, $"- Likely cause: {entry.LikelyCause}\n");
            text.Append(CultureInfo.InvariantCulture, $"- What to check: {entry.WhatToCheck}\n");
            text.Append("- Sources: ").Append(string.Join(", ", entry.Sources.Select(s => $"<{s.AbsoluteUri}>"))).Append("\n\n");
        }
    }

    private static string ScopeName(RuleScope scope) => scope switch
    {
        RuleScope.UserClient => "user client",
        RuleScope.DeviceClient => "device client",
        RuleScope.VpnServer => "VPN server (RRAS)",
        RuleScope.NpsServer => "NPS server",
        RuleScope.Tenant => "tenant",
        _ => scope.ToString(),
    };

    // Catalogue text is one line of printable ASCII; only a pipe would break a table row.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    [GeneratedRegex("^AOVPN[0-9]{4}\\.md$")]
    private static partial Regex PageName();
}
