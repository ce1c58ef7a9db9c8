using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AovpnRemediations.GraphEmulator.Routes;

namespace AovpnRemediations.GraphEmulator.Fleet;

/// <summary>
/// The fleet-report routes: <c>deviceRunStates</c> (paged, <c>$expand=managedDevice</c>), <c>runSummary</c>,
/// <c>getRemediationHistory</c> of scripts that have a synthetic fleet attached, and the
/// <c>DeviceRunStatesByProactiveRemediation</c> export job (create; poll: <c>inProgress</c> for a few polls, then
/// <c>completed</c> with a download URL the emulator serves as a zip).
/// </summary>
public sealed partial class FleetRoutes(EmulatorOptions options, BlobStore blobs) : IGraphRoutes
{
    private readonly ConcurrentDictionary<string, Attached> _fleets = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Script, string Device), FleetDevice> _onDemand = new();
    private long _jobCounter;

    /// <summary>Page size of deviceRunStates (the real service's is undocumented).</summary>
    public int PageSize { get; set; } = options.PageSize;

    /// <summary>How many polls of a job answer <c>inProgress</c> before it completes.</summary>
    public int PollsInProgress { get; set; } = 3;

    /// <summary>Where export zips are written.</summary>
    public string ExportFolder { get; set; } = Path.Combine(Path.GetTempPath(), "aovpn-emulator-exports");

    public int ExportJobsCreated => _jobs.Count;

    /// <summary>Gives a script a fleet; <paramref name="prebuiltZip"/> is served for its export instead of writing one (benchmarks).</summary>
    public void Attach(string scriptId, SyntheticFleet fleet, string? prebuiltZip = null) =>
        _fleets[scriptId] = new Attached(fleet, prebuiltZip, new Lazy<JsonObject>(() => RunSummary(scriptId, fleet)));

    /// <summary>
    /// An on-demand run finished on a device: its run state for the script becomes a fresh "ok" detection two minutes
    /// after the trigger, in place of what the fleet generated (or in addition, for a device outside the fleet). The
    /// export job still serves the generated fleet: --wait reads deviceRunStates.
    /// </summary>
    public void CompleteOnDemand(EmulatorState state, string deviceId, string scriptId, DateTimeOffset started)
    {
        var device = state.FindManagedDevice(deviceId);
        var package = _fleets.TryGetValue(scriptId, out var attached)
            ? attached.Fleet.Package
            : new FleetPackage(Contracts.OwnershipMarker.PackageIdIn(state.FindScript(scriptId)?.Description) ?? "aovpn-unknown", "00000000", false, []);
        _onDemand[(scriptId, deviceId)] = new FleetDevice(-1, deviceId, device?.DeviceName ?? "", device?.UserPrincipalName ?? "",
            "success", "unknown", started.AddMinutes(2), ResultLineWriter.Detection(package.PackageId, package.Version, "ok", []), null, null, null, null, null);
    }

    public GraphResponse? TryHandle(GraphRequest r, EmulatorState state)
    {
        if (r.Version != "beta" || r.Segments.Count < 3 || !r.Segments[0].Equals("deviceManagement", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (r.Segments[1].Equals("reports", StringComparison.OrdinalIgnoreCase))
        {
            return Reports(r);
        }

        if (r.Segments.Count != 4 || !r.Segments[1].Equals("deviceHealthScripts", StringComparison.OrdinalIgnoreCase) || !r.IsGet)
        {
            return null;
        }

        var id = r.Segments[2];
        var what = r.Segments[3];
        if (!what.Equals("deviceRunStates", StringComparison.OrdinalIgnoreCase) && !what.Equals("runSummary", StringComparison.OrdinalIgnoreCase)
            && !what.Equals("getRemediationHistory", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        lock (state.Gate)
        {
            if (state.FindScript(id) is null)
            {
                return GraphResponse.NotFound($"deviceHealthScripts('{id}')");
            }
        }

        // A script without a fleet has run on no device yet (unless run on demand).
        var fleet = _fleets.TryGetValue(id, out var attached) ? attached.Fleet : null;
        return what.ToLowerInvariant() switch
        {
            "devicerunstates" => RunStates(r, id, fleet),
            "runsummary" => GraphResponse.Ok((JsonObject)(attached?.Summary.Value ?? RunSummary(id, null)).DeepClone()),
            _ => GraphResponse.Ok(History(fleet)),
        };
    }

    private GraphResponse RunStates(GraphRequest r, string scriptId, SyntheticFleet? fleet)
    {
        var skip = 0;
        if (r.QueryValue("$skiptoken") is { } token && !int.TryParse(token.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out skip))
        {
            return GraphResponse.Error(400, "BadRequest", "Invalid $skiptoken.");
        }

        var size = PageSize;
        if (r.QueryValue("$top") is { } top && int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t > 0)
        {
            size = Math.Min(size, t);
        }

        var expand = r.QueryValue("$expand")?.StartsWith("managedDevice", StringComparison.OrdinalIgnoreCase) == true;
        var replaced = _onDemand.Where(o => o.Key.Script.Equals(scriptId, StringComparison.OrdinalIgnoreCase)).ToDictionary(o => o.Key.Device, o => o.Value, StringComparer.OrdinalIgnoreCase);
        var inFleet = replaced.Count == 0 || fleet is null ? [] : fleet.Devices().Select(d => d.DeviceId).Where(replaced.ContainsKey).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var extra = replaced.Where(o => !inFleet.Contains(o.Key)).Select(o => o.Value).OrderBy(d => d.DeviceId, StringComparer.Ordinal).ToList();
        var fleetCount = fleet?.Listed ?? 0;
        var count = fleetCount + extra.Count;
        var value = new JsonArray();
        for (var i = skip; i < Math.Min(count, skip + size); i++)
        {
            var device = i < fleetCount ? fleet!.DeviceAt(i) : extra[i - fleetCount];
            value.Add(State(scriptId, replaced.GetValueOrDefault(device.DeviceId) ?? device, expand));
        }

        var body = new JsonObject
        {
            ["@odata.context"] = $"{r.BaseUrl}/beta/$metadata#deviceManagement/deviceHealthScripts('{scriptId}')/deviceRunStates",
            ["value"] = value,
        };
        if (skip + size < count)
        {
            var query = string.Join('&', r.Query.Where(q => q.Key != "$skiptoken")
                .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
                .Append($"$skiptoken=skip{(skip + size).ToString(CultureInfo.InvariantCulture)}"));
            body["@odata.nextLink"] = $"{r.BaseUrl}/beta/deviceManagement/deviceHealthScripts/{scriptId}/deviceRunStates?{query}";
        }

        return GraphResponse.Ok(body);
    }

    private static JsonObject State(string scriptId, FleetDevice d, bool expand)
    {
        var state = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.deviceHealthScriptDeviceState",
            ["id"] = $"{scriptId}:{d.DeviceId}",
            ["detectionState"] = d.DetectionState,
            ["lastStateUpdateDateTime"] = (d.LastStateUpdate ?? DateTimeOffset.MinValue).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            ["expectedStateUpdateDateTime"] = (d.LastStateUpdate ?? DateTimeOffset.MinValue).AddDays(1).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            ["lastSyncDateTime"] = (d.LastStateUpdate ?? DateTimeOffset.MinValue).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            ["preRemediationDetectionScriptOutput"] = d.PreOutput,
            ["preRemediationDetectionScriptError"] = d.PreError,
            ["remediationScriptError"] = d.RemediationError,
            ["postRemediationDetectionScriptOutput"] = d.PostOutput,
            ["postRemediationDetectionScriptError"] = d.PostError,
            ["remediationState"] = d.RemediationState,
            ["assignmentFilterIds"] = new JsonArray(),
        };
        if (expand)
        {
            state["managedDevice"] = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.managedDevice",
                ["id"] = d.DeviceId,
                ["deviceName"] = d.DeviceName,
                ["userPrincipalName"] = d.UserPrincipalName,
                ["operatingSystem"] = "Windows",
                ["osVersion"] = "10.0.22631.4460",
            };
        }

        return state;
    }

    /// <summary>Intune's counters for the fleet (every device counts, stale ones too, by its last state).</summary>
    private static JsonObject RunSummary(string id, SyntheticFleet? fleet)
    {
        int noIssue = 0, issue = 0, error = 0, pending = 0, notApplicable = 0, remediated = 0, skipped = 0, reoccurred = 0, remediationError = 0;
        DateTimeOffset? last = null;
        foreach (var d in fleet?.Devices() ?? [])
        {
            switch (d.DetectionState)
            {
                case "success": noIssue++; break;
                case "fail": issue++; break;
                case "scriptError": error++; break;
                case "pending": pending++; break;
                case "notApplicable": notApplicable++; break;
            }

            switch (d.RemediationState)
            {
                case "success": remediated++; break;
                case "skipped": skipped++; break;
                case "remediationFailed": reoccurred++; break;
                case "scriptError": remediationError++; break;
            }

            if (d.LastStateUpdate is { } t && (last is null || t > last))
            {
                last = t;
            }
        }

        return new JsonObject
        {
            ["@odata.context"] = $"https://graph.microsoft.com/beta/$metadata#deviceManagement/deviceHealthScripts('{id}')/runSummary/$entity",
            ["id"] = id,
            ["noIssueDetectedDeviceCount"] = noIssue,
            ["issueDetectedDeviceCount"] = issue,
            ["detectionScriptErrorDeviceCount"] = error,
            ["detectionScriptPendingDeviceCount"] = pending,
            ["detectionScriptNotApplicableDeviceCount"] = notApplicable,
            ["issueRemediatedDeviceCount"] = remediated,
            ["remediationSkippedDeviceCount"] = skipped,
            ["issueReoccurredDeviceCount"] = reoccurred,
            ["remediationScriptErrorDeviceCount"] = remediationError,
            ["lastScriptRunDateTime"] = last?.ToString("O", CultureInfo.InvariantCulture),
            ["issueRemediatedCumulativeDeviceCount"] = remediated,
        };
    }

    /// <summary>30 days of history drawn from the fleet's seed: remediations falling as issues get fixed.</summary>
    private static JsonObject History(SyntheticFleet? fleet)
    {
        var data = new JsonArray();
        if (fleet is not null)
        {
            var random = new Random(fleet.Seed);
            for (var day = 29; day >= 0; day--)
            {
                var date = DateOnly.FromDateTime(fleet.Now.UtcDateTime).AddDays(-day);
                var scale = fleet.Count / 100.0;
                data.Add(new JsonObject
                {
                    ["date"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["remediatedDeviceCount"] = (int)(scale * (2 + day * 0.3 + random.NextDouble())),
                    ["noIssueDeviceCount"] = (int)(scale * (60 + (29 - day) * 0.4 + random.NextDouble() * 2)),
                    ["detectFailedDeviceCount"] = (int)(scale * (3 + random.NextDouble())),
                });
            }
        }

        return new JsonObject
        {
            ["@odata.context"] = "https://graph.microsoft.com/beta/$metadata#microsoft.graph.deviceHealthScriptRemediationHistory",
            ["value"] = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.deviceHealthScriptRemediationHistory",
                ["lastModifiedDateTime"] = (fleet?.Now ?? DateTimeOffset.UnixEpoch).ToString("O", CultureInfo.InvariantCulture),
                ["historyData"] = data,
            },
        };
    }

    private GraphResponse? Reports(GraphRequest r)
    {
        if (r.Segments.Count != 3)
        {
            return null;
        }

        if (r.Segments[2].Equals("exportJobs", StringComparison.OrdinalIgnoreCase) && r.Method == "POST")
        {
            return CreateJob(r);
        }

        var match = JobSegment().Match(r.Segments[2]);
        if (match.Success && r.IsGet)
        {
            return PollJob(r, match.Groups[1].Value);
        }

        return null;
    }

    private GraphResponse CreateJob(GraphRequest r)
    {
        if (r.Body is not JsonObject body)
        {
            return GraphResponse.Error(400, "BadRequest", "A request body is required.");
        }

        if ((string?)body["reportName"] != "DeviceRunStatesByProactiveRemediation")
        {
            return GraphResponse.Error(400, "BadRequest", $"The emulator only knows the report DeviceRunStatesByProactiveRemediation, not '{(string?)body["reportName"]}'.");
        }

        var filter = (string?)body["filter"] ?? "";
        var policy = PolicyFilter().Match(filter);
        if (!policy.Success)
        {
            return GraphResponse.Error(400, "BadRequest", "Filter on PolicyId is required: (PolicyId eq '<script id>').");
        }

        var select = (body["select"] as JsonArray)?.Select(n => (string?)n ?? "").ToList() ?? [];
        var unknown = select.Where(c => !ExportFile.KnownColumns.Contains(c, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            return GraphResponse.Error(400, "BadRequest", $"Unknown column(s) in select: {string.Join(", ", unknown)}.");
        }

        if (select.Count == 0)
        {
            select = [.. ExportFile.KnownColumns];
        }

        var format = (string?)body["format"] ?? "csv";
        if (format != "csv")
        {
            return GraphResponse.Error(400, "BadRequest", $"The emulator only writes csv exports, not '{format}'.");
        }

        var localized = ((string?)body["localizationType"] ?? "LocalizedValuesAsAdditionalColumn") == "LocalizedValuesAsAdditionalColumn";
        var id = $"DeviceRunStatesByProactiveRemediation_{Interlocked.Increment(ref _jobCounter):D4}";
        var job = new Job(id, policy.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal), select, localized, filter, r.BaseUrl) { PollsLeft = PollsInProgress };
        _jobs[id] = job;
        return GraphResponse.Created(job.ToJson("notStarted", null));
    }

    private GraphResponse PollJob(GraphRequest r, string id)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return GraphResponse.NotFound($"exportJobs('{id}')");
        }

        lock (job)
        {
            if (job.PollsLeft > 0)
            {
                job.PollsLeft--;
                return GraphResponse.Ok(job.ToJson("inProgress", null));
            }

            if (job.Url is null)
            {
                string zip;
                if (_fleets.TryGetValue(job.PolicyId, out var attached) && attached.PrebuiltZip is { } prebuilt)
                {
                    zip = prebuilt;
                }
                else
                {
                    Directory.CreateDirectory(ExportFolder);
                    zip = Path.Combine(ExportFolder, $"{id}-{Guid.NewGuid():N}.zip");
                    var fleet = attached?.Fleet ?? new SyntheticFleet(new FleetPackage("aovpn-none", "00000000", false, []), 0, 0, DateTimeOffset.UnixEpoch);
                    ExportFile.Write(fleet, job.PolicyId, job.Select, job.Localized, zip);
                }

                var path = blobs.Add($"exports/{id}.zip", zip);
                // Shaped like a SAS link: the signature must never show in a log or message.
                job.Url = $"{job.BaseUrl}{path}?sv=2024-05-04&se=2026-01-16T08%3A00%3A00Z&sr=b&sp=r&sig=c2FzLXNpZ25hdHVyZS1zZWNyZXQ%3D";
            }

            return GraphResponse.Ok(job.ToJson("completed", job.Url));
        }
    }

    [GeneratedRegex(@"^exportJobs\('([^']+)'\)$", RegexOptions.IgnoreCase)]
    private static partial Regex JobSegment();

    [GeneratedRegex(@"PolicyId\s+eq\s+'((?:[^']|'')*)'", RegexOptions.IgnoreCase)]
    private static partial Regex PolicyFilter();

    /// <param name="Summary">Computed once: it walks every device.</param>
    private sealed record Attached(SyntheticFleet Fleet, string? PrebuiltZip, Lazy<JsonObject> Summary);

    private sealed class Job(string id, string policyId, List<string> select, bool localized, string filter, string baseUrl)
    {
        public string Id { get; } = id;

        public string PolicyId { get; } = policyId;

        public List<string> Select { get; } = select;

        public bool Localized { get; } = localized;

        public string BaseUrl { get; } = baseUrl;

        public int PollsLeft { get; set; }

        public string? Url { get; set; }

        public JsonObject ToJson(string status, string? url) => new()
        {
            ["@odata.context"] = "https://graph.microsoft.com/beta/$metadata#deviceManagement/reports/exportJobs/$entity",
            ["id"] = Id,
            ["reportName"] = "DeviceRunStatesByProactiveRemediation",
            ["filter"] = filter,
            ["select"] = new JsonArray(Select.Select(s => (JsonNode)s).ToArray()),
            ["format"] = "csv",
            ["snapshotId"] = null,
            ["localizationType"] = Localized ? "localizedValuesAsAdditionalColumn" : "replaceLocalizableValues",
            ["status"] = status,
            ["url"] = url,
            ["requestDateTime"] = "2026-01-15T08:00:00Z",
            ["expirationDateTime"] = url is null ? "0001-01-01T00:00:00Z" : "2026-01-16T08:00:00Z",
        };
    }
}
