using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace AovpnRemediations.Verification.DotNet;

/// <summary>
/// The public types of the assemblies a Windows PowerShell 5.1 script can name without Add-Type, read as metadata from
/// the reference assemblies embedded in this assembly (never loaded). Built once per process; members are read the
/// first time a script names them.
/// </summary>
internal sealed class ReferenceIndex
{
    /// <summary>
    /// The .NET Framework 4.8 assemblies a fresh Windows PowerShell 5.1 session has loaded: System.Management.Automation
    /// references mscorlib, System, System.Core, System.Xml, System.Management and System.DirectoryServices, and its type
    /// accelerators name types in System.Numerics ([bigint]) too. A type in any other assembly (System.Security's
    /// ProtectedData, System.Net.Http, System.IO.Compression.FileSystem's ZipFile) is "Unable to find type" until
    /// Add-Type -AssemblyName loads it, and Add-Type is forbidden; so those assemblies are left out on purpose.
    /// The list is mirrored by the ReferenceAssembly items in the project file.
    /// </summary>
    public static IReadOnlyList<string> LoadedAssemblies { get; } =
        ["mscorlib", "System", "System.Core", "System.Xml", "System.Management", "System.DirectoryServices", "System.Numerics"];

    /// <summary>
    /// Windows PowerShell 5.1's own types. PowerShell Standard 5.1.1's reference System.Management.Automation.dll is a
    /// subset of 5.1's (the API surface that 5.1 and PowerShell 6+ share), not 5.1's full surface: a 5.1-only type such
    /// as a workflow or DSC class is missing from it and would be reported although it exists.
    /// </summary>
    public const string PowerShellAssembly = "System.Management.Automation";

    private const string ResourcePrefix = "ReferenceAssemblies/";

    private static readonly Lazy<ReferenceIndex> EmbeddedIndex = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    // Read-only once built, so concurrent lookups are safe; a frozen dictionary cost more to build than its lookups save.
    private readonly Dictionary<string, ReferenceType> types;

    private ReferenceIndex(Dictionary<string, ReferenceType> types) => this.types = types;

    /// <summary>The index of the embedded reference assemblies; the first call reads them (tens of milliseconds).</summary>
    public static ReferenceIndex Embedded => EmbeddedIndex.Value;

    /// <summary>Number of public types indexed.</summary>
    public int Count => types.Count;

    /// <summary>The public type with this full name (<c>Namespace.Name`arity+Nested</c>), ignoring case as PowerShell does.</summary>
    public ReferenceType? Find(string fullName) => types.GetValueOrDefault(fullName);

    internal static ReferenceIndex Load(IEnumerable<(string Assembly, PEReader Reader)> assemblies)
    {
        var types = new Dictionary<string, ReferenceType>(StringComparer.OrdinalIgnoreCase);
        foreach (var (assembly, pe) in assemblies)
        {
            var reader = pe.GetMetadataReader();
            foreach (var handle in reader.TypeDefinitions)
            {
                var definition = reader.GetTypeDefinition(handle);
                if (!IsPublic(reader, definition))
                {
                    continue;
                }

                var name = FullName(reader, handle);

                // A name defined twice (never, in these assemblies) keeps its first definition.
                types.TryAdd(name, new ReferenceType(assembly, name, reader, handle));
            }
        }

        var frozen = new ReferenceIndex(types);
        foreach (var type in frozen.types.Values)
        {
            // Base types are looked up by name across assemblies (System's types derive from mscorlib's).
            type.Index = frozen;
        }

        return frozen;
    }

    private static ReferenceIndex LoadEmbedded()
    {
        var assembly = typeof(ReferenceIndex).Assembly;
        var names = LoadedAssemblies.Append(PowerShellAssembly);
        return Load(names.Select(name => (name, Open(assembly, ResourcePrefix + name + ".dll"))));
    }

    private static PEReader Open(Assembly assembly, string resource)
    {
        var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded reference assembly {resource} is missing; restore downloads it (see the project file).");

        // The whole image is copied once and kept: metadata readers point into it for the life of the process.
        return new PEReader(stream, PEStreamOptions.PrefetchEntireImage);
    }

    private static bool IsPublic(MetadataReader reader, TypeDefinition definition)
    {
        while (true)
        {
            var visibility = definition.Attributes & TypeAttributes.VisibilityMask;
            if (visibility == TypeAttributes.Public)
            {
                return true;
            }

            if (visibility != TypeAttributes.NestedPublic)
            {
                return false;
            }

            definition = reader.GetTypeDefinition(definition.GetDeclaringType());
        }
    }

    /// <summary>The name PowerShell resolves: <c>System.Environment+SpecialFolder</c>, <c>System.Collections.Generic.List`1</c>.</summary>
    internal static string FullName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var definition = reader.GetTypeDefinition(handle);
        var name = reader.GetString(definition.Name);
        var declaring = definition.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return FullName(reader, declaring) + "+" + name;
        }

        var ns = reader.GetString(definition.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    internal static string FullName(MetadataReader reader, TypeReferenceHandle handle)
    {
        var reference = reader.GetTypeReference(handle);
        var name = reader.GetString(reference.Name);
        if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return FullName(reader, (TypeReferenceHandle)reference.ResolutionScope) + "+" + name;
        }

        var ns = reader.GetString(reference.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
