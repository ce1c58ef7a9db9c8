using AovpnRemediations.Contracts;
using Scriban.Runtime;

namespace AovpnRemediations.Rendering.Models;

/// <summary>
/// The result line contract as the runtime templates see it (<c>line.members.status</c>, <c>line.status.ok</c>,
/// <c>line.max_length</c>): the names come from <see cref="ResultLineSchema"/>, the one definition the report's parser
/// and the emulator read too. Scripts read their own entries back by the same names (<c>$_.rule</c>, <c>$_.code</c>).
/// </summary>
public static class ResultLineModel
{
    public static ScriptObject Instance { get; } = Create();

    private static ScriptObject Create()
    {
        var members = Group(
            ("schema", ResultLineSchema.Members.Schema),
            ("package", ResultLineSchema.Members.Package),
            ("version", ResultLineSchema.Members.Version),
            ("status", ResultLineSchema.Members.Status),
            ("actions", ResultLineSchema.Members.Actions),
            ("findings", ResultLineSchema.Members.Findings),
            ("errors", ResultLineSchema.Members.Errors),
            ("truncated", ResultLineSchema.Members.Truncated),
            ("not_applicable", ResultLineSchema.Members.NotApplicable),
            ("reason", ResultLineSchema.Members.Reason));
        var entry = Group(
            ("rule", ResultLineSchema.Entry.Rule),
            ("code", ResultLineSchema.Entry.Code),
            ("action", ResultLineSchema.Entry.Action),
            ("message", ResultLineSchema.Entry.Message));
        var status = Group(
            ("ok", ResultLineSchema.Status.Ok),
            ("issue", ResultLineSchema.Status.Issue),
            ("error", ResultLineSchema.Status.Error),
            ("remediated", ResultLineSchema.Status.Remediated),
            ("failed", ResultLineSchema.Status.Failed));
        var line = new ScriptObject();
        line.SetValue("schema_version", ResultLineSchema.Version, readOnly: true);
        line.SetValue("max_length", ResultLineSchema.MaxLength, readOnly: true);
        line.SetValue("members", members, readOnly: true);
        line.SetValue("entry", entry, readOnly: true);
        line.SetValue("status", status, readOnly: true);
        return line;
    }

    private static ScriptObject Group(params (string Key, string Name)[] names)
    {
        var group = new ScriptObject();
        foreach (var (key, name) in names)
        {
            group.SetValue(key, Identifier.Require(name), readOnly: true);
        }

        return group;
    }
}
