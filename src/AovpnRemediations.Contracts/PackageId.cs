using System.Text.RegularExpressions;

namespace AovpnRemediations.Contracts;

/// <summary>
/// What a package id may be: <c>aovpn-</c> then lower-case words joined by single hyphens, at most 64 characters.
/// The catalogue refuses any other id, so it is also the only shape an ownership marker or an output folder can carry.
/// </summary>
public static partial class PackageId
{
    /// <summary>The pattern without anchors, to embed in other patterns (the ownership marker).</summary>
    public const string Pattern = "aovpn-[a-z0-9]+(?:-[a-z0-9]+)*";

    /// <summary>Longest id: a folder name under output/intune/ and part of a 1,500-character Intune description.</summary>
    public const int MaxLength = 64;

    public static bool IsValid(string? id) => id is { Length: > 0 and <= MaxLength } && Anchored().IsMatch(id);

    /// <summary>Why <paramref name="id"/> is not a package id, for messages; null when it is one.</summary>
    public static string? Problem(string? id) =>
        IsValid(id) ? null : $"'{id}' is not a package id: it must be lower-case kebab case starting with 'aovpn-', at most {MaxLength} characters";

    // \z, not $: "$" also matches before a final newline, which would let "aovpn-x\n" through.
    [GeneratedRegex("^" + Pattern + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Anchored();
}
