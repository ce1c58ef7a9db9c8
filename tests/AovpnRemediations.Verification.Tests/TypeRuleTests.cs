using static AovpnRemediations.Verification.Tests.Scripts;

namespace AovpnRemediations.Verification.Tests;

public sealed class TypeRuleTests
{
    [Theory]
    [InlineData("$x = [STRING]'a'")]
    [InlineData("$x = [system.string]'a'")]
    [InlineData("$x = [int[]]@(1, 2)")]
    [InlineData("$x = [byte[]]@(1, 2)")]
    [InlineData("$x = [System.Collections.Generic.List[object]]::new()")]
    [InlineData("$x = [System.Collections.Generic.List[System.Security.Cryptography.X509Certificates.X509Certificate2]]::new()")]
    [InlineData("$x = [ordered]@{ a = 1 }")]
    [InlineData("$x = [math]::Max(1, 2)")]
    [InlineData("$x = 'a' -as [System.Globalization.CultureInfo]")]
    [InlineData("$x = New-Object System.Text.StringBuilder")]
    [InlineData("$x = New-Object -TypeName 'System.Collections.Generic.List[string]'")]
    [InlineData("$x = New-Object -TypeName System.Text.StringBuilder -ArgumentList 16")]
    [InlineData("$x = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Store -ArgumentList 'My', 'CurrentUser'")]
    public void AllowedTypes_AreAccepted(string statement) =>
        Assert.Empty(Verify(Package("    " + statement)));

    [Theory]
    [InlineData("$x = [System.Net.WebClient]::new()", "[System.Net.WebClient]")]
    [InlineData("$x = [System.Collections.Generic.List[System.Net.Sockets.TcpClient]]::new()", "[System.Net.Sockets.TcpClient] (in")]
    [InlineData("$x = [System.Net.Dns]::GetHostName()", "a name lookup")]
    [InlineData("$x = [adsi]'LDAP://example.net'", "(System.DirectoryServices.DirectoryEntry)")]
    [InlineData("$x = [wmisearcher]'SELECT * FROM Win32_Product'", "Get-CimInstance")]
    [InlineData("$x = [System.Diagnostics.Process]::Start('cmd.exe')", "Start-Process")]
    [InlineData("$x = [scriptblock]::Create('Get-Date')", "Invoke-Expression")]
    [InlineData("$x = New-Object System.Net.WebClient", "[System.Net.WebClient]")]
    [InlineData("$x = New-Object -ComObject Shell.Application", "-ComObject")]
    [InlineData("$t = 'System.Text.StringBuilder'; $x = New-Object -TypeName $t", "not a literal type name")]
    [InlineData("$x = New-Object -TypeName 'not a type'", "is not a type name")]
    public void Types_the_policy_forbids_are_TypeNotAllowed(string statement, string messagePart)
    {
        var finding = Assert.Single(Verify(Package("    " + statement)));

        Assert.Equal(VerificationRules.TypeNotAllowed, finding.Rule);
        Assert.Contains(messagePart, finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$x = [System.Net.IPAddress]::Parse('10.0.0.1')")]
    [InlineData("try { } catch [System.Net.WebException] { }")]
    [InlineData("[System.Diagnostics.CodeAnalysis.SuppressMessageAttribute('x', '')] param()")]
    [InlineData("$x = [System.Management.Automation.PSCredential]")]
    public void Types_that_exist_and_break_no_policy_are_accepted(string statement) =>
        Assert.Empty(Verify(Package("    " + statement)));

    [Fact]
    public void ParameterAttributes_AreAccepted()
    {
        const string Body = """
                [CmdletBinding()]
                [OutputType([string])]
                param(
                    [Parameter(Mandatory = $true)][ValidateSet('a', 'b')][string]$Name,
                    [ValidateRange(1, 10)][int]$Count = 1,
                    [ValidateNotNullOrEmpty()][string[]]$Names = @('x'),
                    [switch]$Force
                )
            """;

        Assert.Empty(Verify(Package(Body)));
    }
}
