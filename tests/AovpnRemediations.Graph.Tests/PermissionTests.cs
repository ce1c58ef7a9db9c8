using AovpnRemediations.Graph.Credentials;
using AovpnRemediations.Graph.Permissions;
using AovpnRemediations.GraphEmulator;

namespace AovpnRemediations.Graph.Tests;

/// <summary>Reading tokens, checking them against the permission table, and tenant files.</summary>
public sealed class PermissionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aovpn-tenant-files-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void An_app_token_is_read_for_its_roles_and_a_delegated_one_for_its_scopes()
    {
        var app = AccessTokenClaims.TryRead(EmulatorTokens.App("DeviceManagementScripts.Read.All"))!;
        Assert.False(app.IsDelegated);
        Assert.Equal(["DeviceManagementScripts.Read.All"], app.Granted);
        Assert.Equal(EmulatorTokens.AppId, app.AppId);
        Assert.Equal(EmulatorTokens.TenantId, app.TenantId);

        var user = AccessTokenClaims.TryRead(EmulatorTokens.User("ada@example.net", "DeviceManagementScripts.ReadWrite.All", "Group.Read.All"))!;
        Assert.True(user.IsDelegated);
        Assert.Equal(["DeviceManagementScripts.ReadWrite.All", "Group.Read.All"], user.Granted);
        Assert.StartsWith("user ada@example.net through app", user.Who, StringComparison.Ordinal);

        Assert.Null(AccessTokenClaims.TryRead("opaque-token"));
        Assert.Null(AccessTokenClaims.TryRead("eyJhbGciOiJub25lIn0.bm90LWpzb24.")); // a payload that is not JSON
        // A Graph token with no permission claim carries none; another audience's says nothing.
        Assert.Empty(AccessTokenClaims.TryRead(AccessTokenClaims.CreateUnsigned(new Dictionary<string, object?> { ["aud"] = "https://graph.microsoft.com" }))!.Granted);
        Assert.Null(AccessTokenClaims.TryRead(AccessTokenClaims.CreateUnsigned(new Dictionary<string, object?> { ["aud"] = "api://something-else" })));
    }

    [Fact]
    public void A_more_privileged_permission_satisfies_a_need_and_only_active_conditions_count()
    {
        var plan = GraphPermissions.For("plan");
        var claims = AccessTokenClaims.TryRead(EmulatorTokens.App("DeviceManagementScripts.ReadWrite.All", "DeviceManagementRBAC.ReadWrite.All"))!;
        Assert.Empty(PermissionCheck.Missing(plan.For([]), claims));
        var missing = PermissionCheck.Missing(plan.For([GraphPermissions.When.Groups]), claims);
        Assert.Equal("GroupMember.Read.All", Assert.Single(missing).Permission.Name);
        Assert.Empty(PermissionCheck.Missing(plan.For([GraphPermissions.When.Groups]),
            AccessTokenClaims.TryRead(EmulatorTokens.App("DeviceManagementScripts.Read.All", "DeviceManagementRBAC.Read.All", "Group.Read.All"))!));
    }

    [Fact]
    public void Every_need_names_a_source_and_every_route_is_relative_to_the_version()
    {
        foreach (var need in GraphPermissions.Commands.SelectMany(c => c.Needs))
        {
            Assert.StartsWith("https://learn.microsoft.com/", need.Permission.Source, StringComparison.Ordinal);
            Assert.All(need.Routes, r => Assert.False(r.Pattern.StartsWith("beta", StringComparison.Ordinal) || r.Pattern.StartsWith("v1.0", StringComparison.Ordinal)));
        }
    }

    [Theory]
    [InlineData("{\"name\":\"contoso\",\"tenantId\":\"t\",\"clientId\":\"c\",\"clientSecret\":\"s3cr3t\"}", "a secret is written in the file")]
    [InlineData("{\"name\":\"contoso\",\"clientSecretVariable\":\"X\"}", "tenantId and clientId are required")]
    [InlineData("{\"name\":\"contoso\",\"tenantId\":\"t\",\"clientId\":\"c\",\"clientSecretVariable\":\"X\",\"managedIdentity\":true}", "give one way to sign in")]
    [InlineData("{\"name\":\"contoso\",\"tenant\":\"typo\"}", "not a valid tenant file")]
    [InlineData("not json", "not a valid tenant file")]
    public void A_tenant_file_that_cannot_be_used_says_why(string json, string message)
    {
        var path = Path.Combine(_folder, "t.json");
        File.WriteAllText(path, json);
        var error = Assert.Throws<TenantProfileException>(() => TenantProfile.Load(path));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tenant_file_reads_its_secret_from_the_variable_it_names_and_resolves_paths_beside_it()
    {
        var path = Path.Combine(_folder, "fabrikam.json");
        File.WriteAllText(path, "{ \"tenantId\": \"7f1c0d1e-0000-4000-8000-000000000001\", \"clientId\": \"2b9a4c3d-0000-4000-8000-000000000002\", \"clientSecretVariable\": \"FABRIKAM_SECRET\", \"output\": \"out-fabrikam\" }");
        var profile = TenantProfile.Load(path);
        Assert.Equal("fabrikam", profile.Name); // from the file name
        Assert.Equal(Path.Combine(_folder, "out-fabrikam"), profile.Output);

        var missing = Assert.Throws<TenantProfileException>(() => profile.Credential(_ => null, interactive: false, _ => { }));
        Assert.Contains("FABRIKAM_SECRET", missing.Message, StringComparison.Ordinal);
        var credential = profile.Credential(name => name == "FABRIKAM_SECRET" ? "Zq8~fabrikam.secret" : null, interactive: false, _ => { });
        Assert.Contains("Zq8~fabrikam.secret", credential.Secrets);
        Assert.Equal("app 2b9a4c3d-0000-4000-8000-000000000002 (client secret from FABRIKAM_SECRET)", credential.Description);
    }
}
