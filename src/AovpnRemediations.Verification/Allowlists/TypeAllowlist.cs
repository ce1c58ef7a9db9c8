using System.Management.Automation.Language;

namespace AovpnRemediations.Verification.Allowlists;

/// <summary>
/// .NET types a script may name. <c>[System.String]</c>, <c>[String]</c> and <c>[string]</c> are one entry: names are
/// compared without a leading <c>System.</c> and ignoring case. Arrays and generics are allowed when every part is.
/// </summary>
internal sealed class TypeAllowlist
{
    private const string SystemPrefix = "System.";

    // Looked up by span so that stripping "System." allocates nothing: every type literal of every script comes here.
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup;

    private TypeAllowlist(HashSet<string> names) => lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();

    public static TypeAllowlist Parse(string text, string fileName) =>
        new(new HashSet<string>(AllowlistFile.ReadNames(text, fileName).Select(name => Normalize(name).ToString()), StringComparer.OrdinalIgnoreCase));

    public bool Contains(string typeName) => lookup.Contains(Normalize(typeName));

    /// <summary>The first part of <paramref name="typeName"/> that is not allowed, or null when all of it is.</summary>
    public string? FirstDisallowed(ITypeName typeName) => typeName switch
    {
        ArrayTypeName array => FirstDisallowed(array.ElementType),
        GenericTypeName generic => FirstDisallowed(generic.TypeName)
            ?? generic.GenericArguments.Select(FirstDisallowed).FirstOrDefault(part => part is not null),
        _ => Contains(typeName.FullName) ? null : typeName.FullName,
    };

    /// <summary>Whether two type names denote the same type, ignoring case and a leading <c>System.</c>.</summary>
    public static bool SameType(string left, string right) =>
        Normalize(left).Equals(Normalize(right), StringComparison.OrdinalIgnoreCase);

    private static ReadOnlySpan<char> Normalize(string typeName) =>
        typeName.StartsWith(SystemPrefix, StringComparison.OrdinalIgnoreCase) ? typeName.AsSpan(SystemPrefix.Length) : typeName;
}
