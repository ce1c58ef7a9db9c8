using AovpnRemediations.Publish.Apply;

namespace AovpnRemediations.Publish.Rendering;

/// <summary>The lines apply ends with.</summary>
public static class ApplyText
{
    public static string Summary(ApplyResult result)
    {
        var line = $"Applied: {result.Created} created, {result.Updated} updated, {result.Assigned} assignment set(s) posted, {result.Deleted} deleted"
            + (result.Recovered > 0 ? $" ({result.Recovered} create(s) whose answer was lost were found by their marker, not repeated)." : ".");
        if (result.Completed > 0)
        {
            line += $" {result.Completed} approved change(s) completed.";
        }

        if (result.Requested.Count > 0)
        {
            line += Environment.NewLine + $"{result.Requested.Count} change(s) now wait for Multi Admin Approval. A second admin approves them in Intune "
                + "(Tenant administration > Multi Admin Approval > Received requests); then run apply again to complete them. Requests expire after 3 days.";
        }

        if (result.Waiting.Count > 0)
        {
            line += Environment.NewLine + $"{result.Waiting.Count} change(s) still wait for approval; nothing was sent for them.";
        }

        if (result.NeedJustification.Count > 0)
        {
            line += Environment.NewLine + $"{result.NeedJustification.Count} change(s) need Multi Admin Approval and were not made: run apply --justification \"why\" to request it.";
        }

        return line;
    }
}
