using System.Text.RegularExpressions;
using AovpnRemediations.Rendering.Escaping;

namespace AovpnRemediations.Rendering.Models;

// View-models: the only things templates see. Text that comes from the org profile is a PsLiteral
// (escaped); every plain string here is a catalogue identifier checked by Identifier.Require.

/// <summary>The package a script is rendered for.</summary>
public sealed record PackageModel
{
    public required string Id { get; init; }

    public required string Version { get; init; }

    /// <summary>Catalogue title (printable ASCII, used in comments).</summary>
    public required string Title { get; init; }

    /// <summary><c>system</c> or <c>user</c>.</summary>
    public required string RunAs { get; init; }

    /// <summary><c>detect</c> or <c>remediate</c>.</summary>
    public required string Mode { get; init; }

    /// <summary><c>intune</c> or <c>configmgr</c>: where the script runs, which decides its output contract.</summary>
    public required string Target { get; init; }

    /// <summary>The script's file name inside its package folder, e.g. <c>discovery.ps1</c>.</summary>
    public required string FileName { get; init; }

    /// <summary>What the script is for, in words: <c>detect</c>, <c>remediate</c>, <c>ConfigMgr discovery</c>, <c>ConfigMgr remediation</c>.</summary>
    public required string Purpose { get; init; }

    public required string ToolVersion { get; init; }

    public required IReadOnlyList<RuleModel> Rules { get; init; }

    /// <summary>
    /// The Windows feature of the package's server role (<c>DirectAccess-VPN</c>), or null: a package with one checks
    /// nothing where the feature is not installed and reports not applicable.
    /// </summary>
    public string? Feature { get; init; }

    /// <summary>The platform functions the script calls (templates/platform), or empty.</summary>
    public string PlatformCode { get; init; } = string.Empty;

    /// <summary>The result line and run functions the script calls (templates/runtime).</summary>
    public string RuntimeCode { get; init; } = string.Empty;

    /// <summary>Functions several kinds share (templates/shared) that the script calls, or empty.</summary>
    public string SharedCode { get; init; } = string.Empty;
}

/// <summary>A rule as the package template sees it, with its functions already rendered.</summary>
public sealed class RuleModel
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required string TestFunction { get; init; }

    /// <summary>Null when the rule has no remedy.</summary>
    public string? RepairFunction { get; init; }

    public required string CheckCode { get; init; }

    /// <summary>Empty unless a remediation script is being rendered and the rule has a remedy.</summary>
    public required string RemedyCode { get; init; }
}

/// <summary>What a check or remedy template sees about its rule.</summary>
public sealed class RuleInfo
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required string TestFunction { get; init; }

    public string? RepairFunction { get; init; }
}

public sealed class CertificateModel
{
    // Base64 is cut into PEM-width lines so scripts and plan diffs stay readable; continuation lines are
    // indented for a value that starts a line at 8 spaces inside a hashtable or array.
    private const int Base64LineWidth = 64;
    private const string ContinuationIndent = "            ";

    public required PsLiteral Thumbprint { get; init; }

    public required PsLiteral Subject { get; init; }

    /// <summary>Base64 of the public certificate's DER bytes, as string constants joined by '+' over several lines.</summary>
    public required PsLiteral Base64 { get; init; }

    /// <summary>The one way a profile certificate becomes a view-model.</summary>
    public static CertificateModel Of(Profile.Loading.ProfileCertificate certificate) => new()
    {
        Thumbprint = PsLiteral.Of(certificate.Thumbprint),
        Subject = PsLiteral.Of(certificate.Subject),
        Base64 = PsLiteral.Wrapped(Convert.ToBase64String(certificate.RawData), Base64LineWidth, ContinuationIndent),
    };
}

/// <summary>Guards the plain strings of view-models: catalogue identifiers only, never profile text.</summary>
public static partial class Identifier
{
    public static string Require(string value) =>
        IdentifierPattern().IsMatch(value)
            ? value
            : throw new ArgumentException($"'{value}' is not a plain identifier; profile values must reach templates as PsLiteral.", nameof(value));

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
    private static partial Regex IdentifierPattern();
}

/// <summary>What a shared function template sees: the profile's CAs (public certificates).</summary>
public sealed class SharedModel
{
    public required IReadOnlyList<CertificateModel> RootCas { get; init; }

    public required IReadOnlyList<CertificateModel> IntermediateCas { get; init; }

    public static SharedModel Of(Binding.BoundPackage package) => new()
    {
        RootCas = [.. package.Pki.RootCas.Select(CertificateModel.Of)],
        IntermediateCas = [.. package.Pki.IntermediateCas.Select(CertificateModel.Of)],
    };
}

/// <summary>What a platform function template sees.</summary>
public sealed class PlatformModel
{
    public required string PackageId { get; init; }

    /// <summary><c>detect</c> or <c>remediate</c>.</summary>
    public required string Mode { get; init; }

    /// <summary><c>system</c> or <c>user</c>; decides where the log file goes.</summary>
    public required string RunAs { get; init; }

    /// <summary><c>intune</c> or <c>configmgr</c>; a SYSTEM script logs where its management agent's diagnostics look.</summary>
    public required string Target { get; init; }
}
