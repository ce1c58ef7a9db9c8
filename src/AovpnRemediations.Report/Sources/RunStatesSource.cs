using System.Text.Json.Serialization;
using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.Report.Graph;

namespace AovpnRemediations.Report.Sources;

/// <summary>
/// Pages <c>deviceRunStates?$expand=managedDevice</c>, following each <c>@odata.nextLink</c> whole (Graph's rule) and
/// handing rows on page by page: at most one page is held.
/// </summary>
public sealed class RunStatesSource(GraphConnection graph) : IDeviceSource
{
    /// <summary>A service that keeps answering with a nextLink must not hold the run forever.</summary>
    public const int MaxPages = 100_000;

    public string Name => "runstates";

    public async Task ReadAsync(ManagedScript script, Action<DeviceRow> sink, IReportProgress progress, CancellationToken cancellationToken)
    {
        string? next = $"{ManagedScripts.PathOf(script.Id, "deviceRunStates")}?$expand=managedDevice";
        for (var pages = 1; next is not null; pages++)
        {
            if (pages > MaxPages)
            {
                throw new TenantStateException($"deviceRunStates of '{script.DisplayName}' still had a nextLink after {MaxPages} pages; use --source export.");
            }

            var page = await graph.Http.GetAsync<Page>(next, cancellationToken).ConfigureAwait(false);
            foreach (var state in page.Value ?? [])
            {
                sink(ToRow(state));
            }

            progress.Advance(page.Value?.Count ?? 0);
            next = page.NextLink;
        }
    }

    private static DeviceRow ToRow(StateDto s) => new()
    {
        DeviceId = s.ManagedDevice?.Id ?? s.Id ?? "",
        DeviceName = s.ManagedDevice?.DeviceName ?? "",
        UserName = s.ManagedDevice?.UserPrincipalName ?? "",
        Detection = RunStateNames.Detection(s.DetectionState),
        Remediation = RunStateNames.Remediation(s.RemediationState),
        LastReport = s.LastStateUpdateDateTime is { Year: > 1601 } t ? t : null,
        PreOutput = s.PreRemediationDetectionScriptOutput,
        PreError = s.PreRemediationDetectionScriptError,
        RemediationError = s.RemediationScriptError,
        PostOutput = s.PostRemediationDetectionScriptOutput,
        PostError = s.PostRemediationDetectionScriptError,
    };

    private sealed record Page
    {
        public List<StateDto>? Value { get; init; }

        [JsonPropertyName("@odata.nextLink")]
        public string? NextLink { get; init; }
    }

    private sealed record StateDto(
        string? Id,
        string? DetectionState,
        string? RemediationState,
        DateTimeOffset? LastStateUpdateDateTime,
        string? PreRemediationDetectionScriptOutput,
        string? PreRemediationDetectionScriptError,
        string? RemediationScriptError,
        string? PostRemediationDetectionScriptOutput,
        string? PostRemediationDetectionScriptError,
        DeviceDto? ManagedDevice);

    private sealed record DeviceDto(string? Id, string? DeviceName, string? UserPrincipalName);
}
