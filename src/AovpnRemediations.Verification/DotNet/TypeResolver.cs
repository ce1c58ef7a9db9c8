using System.Management.Automation.Language;

namespace AovpnRemediations.Verification.DotNet;

/// <summary>A type name as Windows PowerShell 5.1 resolves it. <see cref="Type"/> is null for an accelerator whose assembly is not indexed (the CIM types).</summary>
internal readonly record struct ResolvedType(string FullName, ReferenceType? Type);

/// <summary>
/// Resolves type names the way Windows PowerShell 5.1 does, against <see cref="ReferenceIndex"/>: a 5.1 type accelerator,
/// else the name as written, else the name with <c>System.</c> in front (<c>[Math]</c>); case is ignored; an attribute
/// may leave out its <c>Attribute</c> suffix (<c>[Parameter()]</c>); a generic definition is named with its arity.
/// </summary>
internal sealed class TypeResolver(ReferenceIndex index)
{
    public static TypeResolver Embedded { get; } = new(ReferenceIndex.Embedded);

    public ReferenceIndex Index => index;

    /// <summary>The type that <paramref name="name"/> (no array or generic arguments) denotes, or null when 5.1 finds none.</summary>
    public ResolvedType? Resolve(string name, int genericArity = 0, bool attribute = false)
    {
        if (attribute && !name.EndsWith("Attribute", StringComparison.OrdinalIgnoreCase) && ResolveOne(name + "Attribute", genericArity) is { } withSuffix)
        {
            return withSuffix;
        }

        return ResolveOne(name, genericArity);
    }

    /// <summary>The simple name of <paramref name="typeName"/>: arrays and generic arguments off, assembly qualification off.</summary>
    public static string NameOf(ITypeName typeName) => typeName switch
    {
        ArrayTypeName array => NameOf(array.ElementType),
        GenericTypeName generic => NameOf(generic.TypeName),
        TypeName plain => plain.Name,
        _ => typeName.Name,
    };

    private ResolvedType? ResolveOne(string name, int genericArity)
    {
        if (genericArity == 0 && TypeAccelerators.WindowsPowerShell51.TryGetValue(name, out var accelerated))
        {
            return new ResolvedType(accelerated, index.Find(accelerated));
        }

        var metadataName = genericArity == 0 ? name : name + "`" + genericArity.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var type = index.Find(metadataName) ?? index.Find("System." + metadataName);
        return type is null ? null : new ResolvedType(type.FullName, type);
    }
}
