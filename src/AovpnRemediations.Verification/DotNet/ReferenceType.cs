using System.Collections.Frozen;
using System.Reflection;
using System.Reflection.Metadata;

namespace AovpnRemediations.Verification.DotNet;

/// <summary>How many arguments an overload takes: optional parameters and a <c>params</c> array widen the range.</summary>
internal readonly record struct Arity(int Required, int Maximum)
{
    public bool Accepts(int count) => count >= Required && count <= Maximum;

    public override string ToString() =>
        Maximum == int.MaxValue ? $"{Required} or more"
        : Required == Maximum ? Required.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : $"{Required} to {Maximum}";
}

/// <summary>One public type of a reference assembly; its members are read from metadata on first use.</summary>
internal sealed class ReferenceType
{
    private readonly MetadataReader reader;
    private readonly TypeDefinitionHandle handle;
    private readonly Lazy<Members> members;
    private readonly Lazy<ReferenceType?> baseType;

    public ReferenceType(string assembly, string fullName, MetadataReader reader, TypeDefinitionHandle handle)
    {
        Assembly = assembly;
        FullName = fullName;
        this.reader = reader;
        this.handle = handle;
        members = new Lazy<Members>(ReadMembers, LazyThreadSafetyMode.ExecutionAndPublication);
        baseType = new Lazy<ReferenceType?>(ResolveBaseType, LazyThreadSafetyMode.ExecutionAndPublication);
        BaseTypeName = ReadBaseTypeName();
    }

    /// <summary>The assembly's simple name (<c>mscorlib</c>).</summary>
    public string Assembly { get; }

    /// <summary>As indexed: <c>System.Collections.Generic.List`1</c>, <c>System.Environment+SpecialFolder</c>.</summary>
    public string FullName { get; }

    /// <summary>The full name of the base type, or null for interfaces and <c>System.Object</c>.</summary>
    public string? BaseTypeName { get; }

    /// <summary>Set once the index is built; base types are found through it.</summary>
    public ReferenceIndex Index { get; internal set; } = null!;

    public bool IsValueType => BaseTypeName is "System.ValueType" or "System.Enum";

    public bool IsEnum => BaseTypeName == "System.Enum";

    /// <summary>The public instance constructors; not inherited.</summary>
    public IReadOnlyList<Arity> Constructors => members.Value.Constructors;

    /// <summary>Base types within the index, nearest first; stops at a base outside it.</summary>
    public IEnumerable<ReferenceType> SelfAndBaseTypes()
    {
        for (var type = this; type is not null; type = type.baseType.Value)
        {
            yield return type;
        }
    }

    /// <summary>Whether <c>[Type]::Name</c> finds a public static field, property, event or method here or in a base type.</summary>
    public bool HasStaticMember(string name) => SelfAndBaseTypes().Any(type => type.members.Value.StaticNames.Contains(name));

    /// <summary>Every overload of the public static method <paramref name="name"/>, inherited ones included; empty when there is none.</summary>
    public IReadOnlyList<Arity> StaticMethodArities(string name) =>
        SelfAndBaseTypes().SelectMany(type => type.members.Value.StaticMethods.GetValueOrDefault(name, [])).ToList();

    private ReferenceType? ResolveBaseType() => BaseTypeName is null ? null : Index.Find(BaseTypeName);

    private string? ReadBaseTypeName()
    {
        var definition = reader.GetTypeDefinition(handle);
        var baseHandle = definition.BaseType;
        return baseHandle.Kind switch
        {
            _ when baseHandle.IsNil => null,
            HandleKind.TypeDefinition => ReferenceIndex.FullName(reader, (TypeDefinitionHandle)baseHandle),
            HandleKind.TypeReference => ReferenceIndex.FullName(reader, (TypeReferenceHandle)baseHandle),
            HandleKind.TypeSpecification => GenericDefinitionName((TypeSpecificationHandle)baseHandle),
            _ => null,
        };
    }

    /// <summary>A generic base (<c>Collection&lt;T&gt;</c>) is a type specification: its blob names the generic definition.</summary>
    private string? GenericDefinitionName(TypeSpecificationHandle specification)
    {
        var blob = reader.GetBlobReader(reader.GetTypeSpecification(specification).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
        {
            return null;
        }

        _ = blob.ReadSignatureTypeCode(); // class or value type
        var definition = blob.ReadTypeHandle();
        return definition.Kind switch
        {
            HandleKind.TypeDefinition => ReferenceIndex.FullName(reader, (TypeDefinitionHandle)definition),
            HandleKind.TypeReference => ReferenceIndex.FullName(reader, (TypeReferenceHandle)definition),
            _ => null,
        };
    }

    private Members ReadMembers()
    {
        var definition = reader.GetTypeDefinition(handle);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var methods = new Dictionary<string, List<Arity>>(StringComparer.OrdinalIgnoreCase);
        var constructors = new List<Arity>();

        foreach (var fieldHandle in definition.GetFields())
        {
            var field = reader.GetFieldDefinition(fieldHandle);
            if ((field.Attributes & FieldAttributes.FieldAccessMask) == FieldAttributes.Public && field.Attributes.HasFlag(FieldAttributes.Static))
            {
                names.Add(reader.GetString(field.Name));
            }
        }

        foreach (var propertyHandle in definition.GetProperties())
        {
            var property = reader.GetPropertyDefinition(propertyHandle);
            var accessors = property.GetAccessors();
            if (IsPublicStatic(accessors.Getter) || IsPublicStatic(accessors.Setter))
            {
                names.Add(reader.GetString(property.Name));
            }
        }

        foreach (var eventHandle in definition.GetEvents())
        {
            var @event = reader.GetEventDefinition(eventHandle);
            if (IsPublicStatic(@event.GetAccessors().Adder))
            {
                names.Add(reader.GetString(@event.Name));
            }
        }

        foreach (var methodHandle in definition.GetMethods())
        {
            var method = reader.GetMethodDefinition(methodHandle);
            if ((method.Attributes & MethodAttributes.MemberAccessMask) != MethodAttributes.Public)
            {
                continue;
            }

            var name = reader.GetString(method.Name);
            if (method.Attributes.HasFlag(MethodAttributes.Static))
            {
                // PowerShell lists accessors (get_UtcNow) as methods too, so they count as members.
                names.Add(name);
                if (name != ".cctor")
                {
                    Add(methods, name, ArityOf(method));
                }
            }
            else if (name == ".ctor")
            {
                constructors.Add(ArityOf(method));
            }
        }

        return new Members(
            names.ToFrozenSet(StringComparer.OrdinalIgnoreCase),
            methods.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.OrdinalIgnoreCase),
            [.. constructors]);
    }

    private static void Add(Dictionary<string, List<Arity>> methods, string name, Arity arity)
    {
        if (!methods.TryGetValue(name, out var list))
        {
            methods[name] = list = [];
        }

        list.Add(arity);
    }

    private bool IsPublicStatic(MethodDefinitionHandle accessor)
    {
        if (accessor.IsNil)
        {
            return false;
        }

        var attributes = reader.GetMethodDefinition(accessor).Attributes;
        return (attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Public && attributes.HasFlag(MethodAttributes.Static);
    }

    /// <summary>PowerShell's binder fills optional parameters with their defaults and gathers a trailing <c>params</c> array.</summary>
    private Arity ArityOf(MethodDefinition method)
    {
        var blob = reader.GetBlobReader(method.Signature);
        var header = blob.ReadSignatureHeader();
        if (header.IsGeneric)
        {
            _ = blob.ReadCompressedInteger();
        }

        var count = blob.ReadCompressedInteger();
        var required = count;
        var isParams = false;
        foreach (var parameterHandle in method.GetParameters())
        {
            var parameter = reader.GetParameter(parameterHandle);
            if (parameter.SequenceNumber < 1 || parameter.SequenceNumber > count)
            {
                continue; // 0 is the return value
            }

            if ((parameter.Attributes & (ParameterAttributes.Optional | ParameterAttributes.HasDefault)) != 0)
            {
                required = Math.Min(required, parameter.SequenceNumber - 1);
            }

            if (parameter.SequenceNumber == count && IsParamArray(parameter))
            {
                isParams = true;
                required = Math.Min(required, count - 1);
            }
        }

        return new Arity(required, isParams ? int.MaxValue : count);
    }

    private bool IsParamArray(Parameter parameter)
    {
        foreach (var attributeHandle in parameter.GetCustomAttributes())
        {
            var constructor = reader.GetCustomAttribute(attributeHandle).Constructor;
            var declaring = constructor.Kind switch
            {
                HandleKind.MethodDefinition => ReferenceIndex.FullName(reader, reader.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType()),
                HandleKind.MemberReference when reader.GetMemberReference((MemberReferenceHandle)constructor).Parent is { Kind: HandleKind.TypeReference } parent =>
                    ReferenceIndex.FullName(reader, (TypeReferenceHandle)parent),
                _ => null,
            };
            if (declaring == "System.ParamArrayAttribute")
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Members(FrozenSet<string> StaticNames, FrozenDictionary<string, Arity[]> StaticMethods, Arity[] Constructors);
}
