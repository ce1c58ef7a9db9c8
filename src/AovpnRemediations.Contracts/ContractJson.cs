using System.Text.Json;
using System.Text.Json.Serialization;

namespace AovpnRemediations.Contracts;

/// <summary>
/// How the contract files are read and written. Nulls are written (a reader sees every member); reading is as lenient
/// as publish always was (names in any case, unknown members ignored), and the records' Problems() decide the rest.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(PackageJson))]
[JsonSerializable(typeof(BuildManifestJson))]
internal sealed partial class ContractJson : JsonSerializerContext;
