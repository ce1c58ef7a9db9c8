using System.Text.Json.Nodes;

namespace AovpnRemediations.GraphEmulator;

/// <summary>
/// The emulated tenant, shared by every route group (publish's routes now, the fleet-report routes later).
/// All access goes through <see cref="Gate"/>; routes are synchronous so the lock is never held across an await.
/// </summary>
public sealed partial class EmulatorState
{
    private long _nextId;

    public object Gate { get; } = new();

    public List<ScriptRecord> Scripts { get; } = [];

    public List<NamedObject> Groups { get; } = [];

    public List<NamedObject> AssignmentFilters { get; } = [];

    public List<NamedObject> RoleScopeTags { get; } = [];

    public List<JsonObject> ServicePrincipals { get; } = [];

    /// <summary>Free-form per-script data for routes added later (deviceRunStates, runSummary, history, export jobs).</summary>
    public Dictionary<string, Dictionary<string, JsonNode?>> Extensions { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Ids are deterministic (a counter shaped like a GUID) so two runs of a test log the same URLs.</summary>
    public string NewId()
    {
        var n = Interlocked.Increment(ref _nextId);
        return $"00000000-0000-4000-8000-{n:x12}";
    }

    public DateTimeOffset Now { get; set; } = new(2026, 1, 15, 8, 0, 0, TimeSpan.Zero);

    public string AddGroup(string displayName)
    {
        lock (Gate)
        {
            var id = NewId();
            Groups.Add(new NamedObject(id, displayName));
            return id;
        }
    }

    public string AddAssignmentFilter(string displayName)
    {
        lock (Gate)
        {
            var id = NewId();
            AssignmentFilters.Add(new NamedObject(id, displayName));
            return id;
        }
    }

    public string AddRoleScopeTag(string displayName, string? id = null)
    {
        lock (Gate)
        {
            id ??= (RoleScopeTags.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            RoleScopeTags.Add(new NamedObject(id, displayName));
            return id;
        }
    }

    /// <summary>Adds a script as if someone else had created it (an unmanaged or a Microsoft global script).</summary>
    public string AddScript(string displayName, string description, byte[] detection, bool isGlobalScript = false, string publisher = "Someone else")
    {
        lock (Gate)
        {
            var id = NewId();
            var body = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.deviceHealthScript",
                ["id"] = id,
                ["displayName"] = displayName,
                ["description"] = description,
                ["publisher"] = publisher,
                ["version"] = "1.0",
                ["runAsAccount"] = "system",
                ["runAs32Bit"] = true,
                ["enforceSignatureCheck"] = false,
                ["isGlobalScript"] = isGlobalScript,
                ["deviceHealthScriptType"] = "deviceHealthScript",
                ["roleScopeTagIds"] = new JsonArray("0"),
                ["detectionScriptContent"] = Convert.ToBase64String(detection),
                ["remediationScriptContent"] = null,
                ["createdDateTime"] = Now.ToString("O"),
                ["lastModifiedDateTime"] = Now.ToString("O"),
            };
            Scripts.Add(new ScriptRecord(id, body));
            return id;
        }
    }

    public string AddServicePrincipal(string appId, string displayName, bool accountEnabled)
    {
        lock (Gate)
        {
            var id = NewId();
            ServicePrincipals.Add(new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.servicePrincipal",
                ["id"] = id,
                ["appId"] = appId,
                ["displayName"] = displayName,
                ["appDisplayName"] = displayName,
                ["accountEnabled"] = accountEnabled,
                ["servicePrincipalType"] = "Application",
            });
            return id;
        }
    }

    public ScriptRecord? FindScript(string id) =>
        Scripts.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>A snapshot for test assertions.</summary>
    public IReadOnlyList<ScriptRecord> SnapshotScripts()
    {
        lock (Gate)
        {
            return Scripts.Select(s => s.Clone()).ToList();
        }
    }
}

public sealed record NamedObject(string Id, string DisplayName);

/// <summary>A stored deviceHealthScript: its full JSON (with content) and its assignments as posted to /assign.</summary>
public sealed class ScriptRecord(string id, JsonObject body)
{
    public string Id { get; } = id;

    public JsonObject Body { get; } = body;

    public List<JsonObject> Assignments { get; } = [];

    public string DisplayName => (string?)Body["displayName"] ?? "";

    public string Description => (string?)Body["description"] ?? "";

    public bool IsGlobalScript => (bool?)Body["isGlobalScript"] ?? false;

    public ScriptRecord Clone()
    {
        var copy = new ScriptRecord(Id, (JsonObject)Body.DeepClone());
        copy.Assignments.AddRange(Assignments.Select(a => (JsonObject)a.DeepClone()));
        return copy;
    }
}
