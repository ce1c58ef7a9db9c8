using AovpnRemediations.Publish.Apply;

namespace AovpnRemediations.Publish.Rendering;

/// <summary>The line apply ends with.</summary>
public static class ApplyText
{
    public static string Summary(ApplyResult result) =>
        $"Applied: {result.Created} created, {result.Updated} updated, {result.Assigned} assignment set(s) posted, {result.Deleted} deleted"
        + (result.Recovered > 0 ? $" ({result.Recovered} create(s) whose answer was lost were found by their marker, not repeated)." : ".");
}
