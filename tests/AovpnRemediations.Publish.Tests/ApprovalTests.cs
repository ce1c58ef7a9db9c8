using System.Text;
using Xunit.Abstractions;

namespace AovpnRemediations.Publish.Tests;

/// <summary>Multi Admin Approval on the emulator: requested, shown pending, approved, completed, and nothing written twice.</summary>
public sealed class ApprovalTests(ITestOutputHelper output)
{
    private const string Justification = "CHG0042: the NPS check reads the CA store";

    [Fact]
    public async Task An_approval_is_requested_shown_pending_approved_and_completed_with_nothing_written_twice()
    {
        await using var h = await Harness.StartAsync();
        var packages = TestOutput.Sample();
        var folder = TestOutput.Write(h.Folder("out"), packages);
        Assert.True((await h.ApplyAsync(folder)).Ok); // published before the access policy existed
        h.Emulator.Options.Approvals.Enabled = true;
        var scriptId = h.State.SnapshotScripts().Single(s => s.Description.Contains("package:aovpn-nps-mfa]", StringComparison.Ordinal)).Id;
        var before = (string)h.State.SnapshotScripts().Single(s => s.Id == scriptId).Body["detectionScriptContent"]!;
        TestOutput.Write(folder, Changed(packages));

        // Without a justification Intune refuses the protected write; apply says how to request approval and makes nothing.
        var refused = await h.ApplyAsync(folder);
        Assert.True(refused.Ok, refused.ToString());
        Assert.Contains("needs Multi Admin Approval; run apply with --justification", refused.Out, StringComparison.Ordinal);
        Assert.Equal(0, Accepted(refused));
        Assert.Empty(h.Emulator.Approvals.Requests);

        // With one, the write requests approval and is not made.
        var requested = await h.ApplyAsync(folder, justification: Justification);
        Assert.True(requested.Ok, requested.ToString());
        var request = Assert.Single(h.Emulator.Approvals.Requests);
        Assert.Equal("needsApproval", request.Status);
        Assert.StartsWith(Justification + " [aovpn-remediations package:aovpn-nps-mfa op:update sha256:", request.Justification, StringComparison.Ordinal);
        Assert.Equal(scriptId, request.PayloadId);
        Assert.Contains($"approval requested (request {request.Id})", requested.Out, StringComparison.Ordinal);
        Assert.Contains("1 change(s) now wait for Multi Admin Approval", requested.Out, StringComparison.Ordinal);
        Assert.Equal(0, Accepted(requested));
        Assert.Equal(before, (string)h.State.SnapshotScripts().Single(s => s.Id == scriptId).Body["detectionScriptContent"]!);

        // plan shows it pending: who asked, when it expires.
        var pending = await h.PlanAsync(folder);
        Assert.Contains($"update: approval request {request.Id} pending since 2026-01-15 08:00 UTC, requested by AOVPN automation, expires 2026-01-18 08:00 UTC; pending approval", pending.Out, StringComparison.Ordinal);
        Assert.Contains("1 change(s) wait for Multi Admin Approval", pending.Out, StringComparison.Ordinal);

        // A second apply while it is pending sends nothing and asks nothing again.
        var again = await h.ApplyAsync(folder, justification: Justification);
        Assert.True(again.Ok, again.ToString());
        Assert.Equal(0, again.Writes);
        Assert.Single(h.Emulator.Approvals.Requests);

        // A second admin approves; plan says apply will complete it.
        h.Emulator.Approvals.Approve(request.Id);
        var approved = await h.PlanAsync(folder, json: true);
        Assert.Contains("\"status\": \"approved\"", approved.Out, StringComparison.Ordinal);
        Assert.Contains("\"approvedBy\": \"second.admin@example.net\"", approved.Out, StringComparison.Ordinal);
        Assert.Contains("apply completes it", (await h.PlanAsync(folder)).Out, StringComparison.Ordinal);

        // The next apply replays exactly the approved write, once: the request is completed and the script changed.
        var completed = await h.ApplyAsync(folder);
        Assert.True(completed.Ok, completed.ToString());
        Assert.Equal(1, completed.Writes);
        Assert.Contains("1 approved change(s) completed", completed.Out, StringComparison.Ordinal);
        Assert.Equal("completed", Assert.Single(h.Emulator.Approvals.Requests).Status);
        Assert.NotEqual(before, (string)h.State.SnapshotScripts().Single(s => s.Id == scriptId).Body["detectionScriptContent"]!);

        var after = await h.ApplyAsync(folder, justification: Justification);
        Assert.Equal(0, after.Writes);
        Assert.Contains("No changes", after.Out, StringComparison.Ordinal);
        Assert.Single(h.Emulator.Approvals.Requests);
        output.WriteLine($"refused {refused.Requests} requests; requested {requested.Requests}; pending apply {again.Requests}; completing apply {completed.Requests} requests / {completed.Writes} write(s)");
    }

    [Fact]
    public async Task An_approval_for_content_that_changed_since_is_not_completed()
    {
        await using var h = await Harness.StartAsync();
        var packages = TestOutput.Sample();
        var folder = TestOutput.Write(h.Folder("out"), packages);
        Assert.True((await h.ApplyAsync(folder)).Ok);
        h.Emulator.Options.Approvals.Enabled = true;
        TestOutput.Write(folder, Changed(packages));
        Assert.True((await h.ApplyAsync(folder, justification: Justification)).Ok);
        var request = Assert.Single(h.Emulator.Approvals.Requests);
        h.Emulator.Approvals.Approve(request.Id);

        // output/ changes again after the approval: what was approved is no longer what apply would send.
        TestOutput.Write(folder, Changed(packages, "-StoreName My"));
        var run = await h.ApplyAsync(folder, justification: Justification);
        Assert.True(run.Ok, run.ToString());
        Assert.Equal(0, run.Writes);
        Assert.Contains("but for other content than output/ holds now; cancel it in Intune", run.Out, StringComparison.Ordinal);
        Assert.Equal("approved", Assert.Single(h.Emulator.Approvals.Requests).Status);
    }

    [Fact]
    public async Task A_new_package_is_created_then_assigned_each_after_its_own_approval()
    {
        await using var h = await Harness.StartAsync();
        h.Emulator.Options.Approvals.Enabled = true;
        var folder = TestOutput.Write(h.Folder("out"), TestOutput.Sample().Take(1));

        Assert.True((await h.ApplyAsync(folder, justification: Justification)).Ok);
        var create = Assert.Single(h.Emulator.Approvals.Requests);
        Assert.Equal("Create", create.PayloadOperation);
        Assert.Contains("+ create", (await h.PlanAsync(folder)).Out, StringComparison.Ordinal);
        h.Emulator.Approvals.Approve(create.Id);

        // The approved create goes through; its /assign is another protected write, so it asks in turn.
        var created = await h.ApplyAsync(folder, justification: Justification);
        Assert.True(created.Ok, created.ToString());
        Assert.Equal(1, h.ScriptsWithMarker(TestOutput.SampleIds[0]));
        var assign = h.Emulator.Approvals.Requests.Single(r => r.Status == "needsApproval");
        Assert.Equal("Assign", assign.PayloadOperation);
        h.Emulator.Approvals.Approve(assign.Id);

        var assigned = await h.ApplyAsync(folder);
        Assert.True(assigned.Ok, assigned.ToString());
        Assert.Equal(1, assigned.Writes);
        Assert.All(h.Emulator.Approvals.Requests, r => Assert.Equal("completed", r.Status));
        Assert.Equal(1, h.ScriptsWithMarker(TestOutput.SampleIds[0]));
        Assert.Contains("No changes", (await h.PlanAsync(folder)).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approval_requests_are_read_unfiltered_when_the_service_refuses_the_status_filter()
    {
        await using var h = await Harness.StartAsync();
        var packages = TestOutput.Sample();
        var folder = TestOutput.Write(h.Folder("out"), packages);
        Assert.True((await h.ApplyAsync(folder)).Ok);
        h.Emulator.Options.Approvals.Enabled = true;
        TestOutput.Write(folder, Changed(packages));
        Assert.True((await h.ApplyAsync(folder, justification: Justification)).Ok);
        h.Emulator.Router.AddFirst(new NoStatusFilter());

        var plan = await h.PlanAsync(folder);
        Assert.True(plan.Ok, plan.ToString());
        Assert.Contains("pending approval: apply sends nothing for this package", plan.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("could not be read", plan.Out, StringComparison.Ordinal);
    }

    /// <summary>A service that does not filter operationApprovalRequests on status.</summary>
    private sealed class NoStatusFilter : GraphEmulator.IGraphRoutes
    {
        public GraphEmulator.GraphResponse? TryHandle(GraphEmulator.GraphRequest request, GraphEmulator.EmulatorState state) =>
            request.Path.EndsWith("operationApprovalRequests", StringComparison.OrdinalIgnoreCase) && request.QueryValue("$filter") is not null
                ? GraphEmulator.GraphResponse.Error(400, "BadRequest", "Invalid filter clause")
                : null;
    }

    private static List<TestPackage> Changed(List<TestPackage> packages, string store = "-StoreName CA") =>
        packages.Select(p => p.Id == "aovpn-nps-mfa" ? p with { Detect = p.Detect.Replace("-StoreName Root", store, StringComparison.Ordinal) } : p).ToList();

    /// <summary>Writes the service carried out (answered 2xx).</summary>
    private static int Accepted(Run run) => run.Log.Count(e => e.IsWrite && e.Status is >= 200 and < 300);
}
