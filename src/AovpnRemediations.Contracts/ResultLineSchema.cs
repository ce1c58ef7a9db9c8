namespace AovpnRemediations.Contracts;

/// <summary>
/// The last stdout line of every generated script (DESIGN.md, contracts of a generated script): one compact JSON object
/// of at most <see cref="MaxLength"/> characters. The templates write it, the report parses it, the emulator's fleets
/// imitate it; all three take the names from here.
/// </summary>
public static class ResultLineSchema
{
    /// <summary>The value of <c>"schema"</c>; a line with another value is not one this version reads.</summary>
    public const int Version = 1;

    /// <summary>Intune keeps at most this many characters of a script's output.</summary>
    public const int MaxLength = 2048;

    /// <summary>Member names, in the order a script writes them.</summary>
    public static class Members
    {
        public const string Schema = "schema";
        public const string Package = "package";
        public const string Version = "version";
        public const string Status = "status";

        /// <summary>Remediation lines only: what was repaired.</summary>
        public const string Actions = "actions";

        /// <summary>Detection: what is wrong; remediation: what is still wrong afterwards.</summary>
        public const string Findings = "findings";

        /// <summary>Checks or repairs that could not run.</summary>
        public const string Errors = "errors";

        /// <summary>How many entries were cut to keep the line within <see cref="MaxLength"/>; absent when none.</summary>
        public const string Truncated = "truncated";

        /// <summary><c>true</c> on an ok line of a server package whose role is not installed; absent otherwise.</summary>
        public const string NotApplicable = "notApplicable";

        /// <summary>Why the package does not apply (with <see cref="NotApplicable"/>).</summary>
        public const string Reason = "reason";
    }

    /// <summary>Member names inside an entry of findings, actions or errors; any other member is a data field.</summary>
    public static class Entry
    {
        public const string Rule = "rule";
        public const string Code = "code";
        public const string Action = "action";
        public const string Message = "message";
    }

    /// <summary>The values of <c>"status"</c>.</summary>
    public static class Status
    {
        public const string Ok = "ok";
        public const string Issue = "issue";
        public const string Error = "error";
        public const string Remediated = "remediated";
        public const string Failed = "failed";

        /// <summary>Detection statuses first, then remediation ones.</summary>
        public static IReadOnlyList<string> All { get; } = [Ok, Issue, Error, Remediated, Failed];

        public static bool IsKnown(string? status) => status is Ok or Issue or Error or Remediated or Failed;
    }

    /// <summary>The names as UTF-8, for readers that compare raw JSON tokens (the report's parser runs once per device).</summary>
    public static class Utf8
    {
        public static ReadOnlySpan<byte> Schema => "schema"u8;

        public static ReadOnlySpan<byte> Package => "package"u8;

        public static ReadOnlySpan<byte> Version => "version"u8;

        public static ReadOnlySpan<byte> Status => "status"u8;

        public static ReadOnlySpan<byte> Actions => "actions"u8;

        public static ReadOnlySpan<byte> Findings => "findings"u8;

        public static ReadOnlySpan<byte> Errors => "errors"u8;

        public static ReadOnlySpan<byte> Truncated => "truncated"u8;

        public static ReadOnlySpan<byte> NotApplicable => "notApplicable"u8;

        public static ReadOnlySpan<byte> Reason => "reason"u8;

        public static ReadOnlySpan<byte> Rule => "rule"u8;

        public static ReadOnlySpan<byte> Code => "code"u8;

        public static ReadOnlySpan<byte> Action => "action"u8;

        public static ReadOnlySpan<byte> Message => "message"u8;

        public static ReadOnlySpan<byte> Ok => "ok"u8;

        public static ReadOnlySpan<byte> Issue => "issue"u8;

        public static ReadOnlySpan<byte> Error => "error"u8;

        public static ReadOnlySpan<byte> Remediated => "remediated"u8;

        public static ReadOnlySpan<byte> Failed => "failed"u8;
    }

    /// <summary>
    /// The schema as template variables (snake_case, as Scriban imports members), so the rendering stage can hand the
    /// templates these names instead of repeating them.
    /// </summary>
    public static IReadOnlyDictionary<string, object> TemplateValues { get; } = new Dictionary<string, object>(StringComparer.Ordinal)
    {
        ["schema_version"] = Version,
        ["max_length"] = MaxLength,
        ["members"] = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["schema"] = Members.Schema,
            ["package"] = Members.Package,
            ["version"] = Members.Version,
            ["status"] = Members.Status,
            ["actions"] = Members.Actions,
            ["findings"] = Members.Findings,
            ["errors"] = Members.Errors,
            ["truncated"] = Members.Truncated,
            ["not_applicable"] = Members.NotApplicable,
            ["reason"] = Members.Reason,
            ["rule"] = Entry.Rule,
            ["code"] = Entry.Code,
            ["action"] = Entry.Action,
            ["message"] = Entry.Message,
        },
        ["statuses"] = Status.All,
    };
}
