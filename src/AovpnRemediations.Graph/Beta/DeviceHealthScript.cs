using System.Text.Json.Serialization;

namespace AovpnRemediations.Graph.Beta;

/// <summary>
/// Graph beta <c>deviceHealthScript</c> (intune-graph.md §1.2). Script contents are base64 of the file bytes (Edm.Binary).
/// Only what this tool reads or writes is modelled; nulls are left out when sending.
/// </summary>
public sealed record DeviceHealthScript
{
    [JsonPropertyName("@odata.type")]
    public string? ODataType { get; init; }

    public string? Id { get; init; }

    public string? DisplayName { get; init; }

    public string? Description { get; init; }

    public string? Publisher { get; init; }

    public string? Version { get; init; }

    public string? RunAsAccount { get; init; }

    public bool? RunAs32Bit { get; init; }

    public bool? EnforceSignatureCheck { get; init; }

    public bool? IsGlobalScript { get; init; }

    public List<string>? RoleScopeTagIds { get; init; }

    public string? DetectionScriptContent { get; init; }

    public string? RemediationScriptContent { get; init; }

    public DateTimeOffset? CreatedDateTime { get; init; }

    public DateTimeOffset? LastModifiedDateTime { get; init; }
}

/// <summary><c>deviceHealthScriptAssignment</c> (§1.4).</summary>
public sealed record DeviceHealthScriptAssignment
{
    [JsonPropertyName("@odata.type")]
    public string? ODataType { get; init; } = "#microsoft.graph.deviceHealthScriptAssignment";

    public string? Id { get; init; }

    public AssignmentTarget? Target { get; init; }

    public bool? RunRemediationScript { get; init; }

    public RunSchedule? RunSchedule { get; init; }
}

/// <summary>An assignment target (§1.6): group, exclusion group, all devices, all licensed users.</summary>
public sealed record AssignmentTarget
{
    public const string Group = "#microsoft.graph.groupAssignmentTarget";
    public const string ExclusionGroup = "#microsoft.graph.exclusionGroupAssignmentTarget";
    public const string AllDevices = "#microsoft.graph.allDevicesAssignmentTarget";
    public const string AllLicensedUsers = "#microsoft.graph.allLicensedUsersAssignmentTarget";

    [JsonPropertyName("@odata.type")]
    public string? ODataType { get; init; }

    public string? GroupId { get; init; }

    [JsonPropertyName("deviceAndAppManagementAssignmentFilterId")]
    public string? FilterId { get; init; }

    [JsonPropertyName("deviceAndAppManagementAssignmentFilterType")]
    public string? FilterType { get; init; }
}

/// <summary>A run schedule (§1.5). Hourly has no time; run-once has a date.</summary>
public sealed record RunSchedule
{
    public const string Once = "#microsoft.graph.deviceHealthScriptRunOnceSchedule";
    public const string Hourly = "#microsoft.graph.deviceHealthScriptHourlySchedule";
    public const string Daily = "#microsoft.graph.deviceHealthScriptDailySchedule";

    [JsonPropertyName("@odata.type")]
    public string? ODataType { get; init; }

    public int? Interval { get; init; }

    public bool? UseUtc { get; init; }

    public string? Time { get; init; }

    public string? Date { get; init; }
}

/// <summary>Body of <c>POST …/{id}/assign</c>.</summary>
public sealed record AssignRequest(
    [property: JsonPropertyName("deviceHealthScriptAssignments")] IReadOnlyList<DeviceHealthScriptAssignment> Assignments);

/// <summary>Beta <c>deviceAndAppManagementAssignmentFilter</c> and <c>roleScopeTag</c>: only id and name matter here.</summary>
public sealed record NamedGraphObject(string Id, string? DisplayName);

/// <summary>A page of a collection.</summary>
public sealed record GraphPage<T>
{
    public List<T> Value { get; init; } = [];

    [JsonPropertyName("@odata.nextLink")]
    public string? NextLink { get; init; }
}
