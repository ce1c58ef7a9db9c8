using System.Text.RegularExpressions;

namespace AovpnRemediations.Catalogue.Model;

/// <summary>
/// A reason a rule reports. The generated script writes <c>{"rule":..,"code":Name, field: value...}</c>;
/// the report and the rule docs read the same definition.
/// </summary>
public sealed partial record FindingCode
{
    public FindingCode(string name, string meaning, params FindingField[] fields)
    {
        if (!PascalCase().IsMatch(name))
        {
            throw new ArgumentException($"Finding code '{name}' must be PascalCase ASCII.", nameof(name));
        }

        Name = name;
        Meaning = meaning;
        Fields = fields;
    }

    public string Name { get; }

    public string Meaning { get; }

    /// <summary>Extra data the finding carries, beside rule and code.</summary>
    public IReadOnlyList<FindingField> Fields { get; }

    [GeneratedRegex("^[A-Z][A-Za-z0-9]{2,47}$")]
    private static partial Regex PascalCase();
}

/// <summary>Data keys a finding may carry. The JSON key is the camel-case name.</summary>
public enum FindingField
{
    Thumbprint,
    Subject,
    Days,
    Profile,
    Error,
    Count,
    User,
    Device,
    Service,
    Name,
    Issuer,
    Provider,
    Hex,
    RawCode,
    Status,
    Value,
    RecordIds,
    KeyError,

    /// <summary>An RRAS session's tunnel IPv4 address (what Disconnect-VpnUser -HostIPAddress takes).</summary>
    Address,

    /// <summary>When (UTC) this package last disconnected the session's user or device.</summary>
    DisconnectedAt,
}

public static class FindingFieldExtensions
{
    public static string JsonName(this FindingField field) => field switch
    {
        FindingField.Thumbprint => "thumbprint",
        FindingField.Subject => "subject",
        FindingField.Days => "days",
        FindingField.Profile => "profile",
        FindingField.Error => "error",
        FindingField.Count => "count",
        FindingField.User => "user",
        FindingField.Device => "device",
        FindingField.Service => "service",
        FindingField.Name => "name",
        FindingField.Issuer => "issuer",
        FindingField.Provider => "provider",
        FindingField.Hex => "hex",
        FindingField.RawCode => "rawCode",
        FindingField.Status => "status",
        FindingField.Value => "value",
        FindingField.RecordIds => "recordIds",
        FindingField.KeyError => "keyError",
        FindingField.Address => "address",
        FindingField.DisconnectedAt => "disconnectedAt",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown finding field."),
    };
}
