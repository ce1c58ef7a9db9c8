namespace AovpnRemediations.Graph.V1;

/// <summary>
/// The few v1.0 directory objects this tool reads or writes (groups by name, the Azure MFA service principals), as
/// plain records over the same JSON calls as the beta resources: no typed SDK, so one way of calling Graph.
/// </summary>
public static class DirectoryObjects
{
    public const string Groups = "v1.0/groups";
    public const string ServicePrincipals = "v1.0/servicePrincipals";

    /// <summary>A collection path with an OData query; values are escaped here, so a name with a quote, '&amp;' or '#' stays one value.</summary>
    public static string Query(string collection, string filter, string select, int? top = null) =>
        $"{collection}?$filter={Uri.EscapeDataString(filter)}&$select={Uri.EscapeDataString(select)}"
        + (top is { } t ? $"&$top={t.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "");

    /// <summary>An OData string literal: quoted, single quotes doubled.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}

public sealed record Group(string? Id, string? DisplayName);

public sealed record ServicePrincipal
{
    public string? Id { get; init; }

    public string? AppId { get; init; }

    public string? DisplayName { get; init; }

    public bool? AccountEnabled { get; init; }
}
