using AovpnRemediations.Verification.Allowlists;

namespace AovpnRemediations.Verification.Tests;

public sealed class AllowlistTests
{
    [Fact]
    public void ReadNames_SkipsCommentsAndBlankLinesAndTrims()
    {
        var text = "# header\r\n\r\n## Group\r\n  Get-Date  \r\nGet-Item # trailing comment\r\n\t\r\n";

        Assert.Equal(["Get-Date", "Get-Item"], AllowlistFile.ReadNames(text, "t.txt"));
    }

    [Fact]
    public void ReadNames_RejectsTwoNamesOnOneLine()
    {
        var error = Assert.Throws<FormatException>(() => AllowlistFile.ReadNames("Get-Date\nGet-Item Get-Content\n", "t.txt"));

        Assert.Contains("t.txt line 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Invoke-Expression")]
    [InlineData("add-type")]
    [InlineData("WRITE-HOST")]
    [InlineData("ConvertTo-Json")]
    public void CommandAllowlist_RefusesToListAForbiddenCommand(string name)
    {
        var error = Assert.Throws<FormatException>(() => CommandAllowlist.Parse($"Get-Date\n{name}\n", "commands.txt"));

        Assert.Contains("never allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandAllowlist_MatchesIgnoringCase()
    {
        var list = CommandAllowlist.Parse("Get-Date\ncertutil.exe\n", "t.txt");

        Assert.True(list.Contains("GET-DATE"));
        Assert.True(list.Contains("CertUtil.EXE"));
        Assert.False(list.Contains("certutil"));
    }

    [Theory]
    [InlineData("string")]
    [InlineData("String")]
    [InlineData("System.String")]
    [InlineData("SYSTEM.STRING")]
    public void TypeAllowlist_MatchesWithAndWithoutSystemPrefixIgnoringCase(string name)
    {
        Assert.True(TypeAllowlist.Parse("string\n", "t.txt").Contains(name));
        Assert.True(TypeAllowlist.Parse("System.String\n", "t.txt").Contains(name));
    }

    [Fact]
    public void TypeAllowlist_DoesNotStripOtherPrefixes()
    {
        var list = TypeAllowlist.Parse("System.IO.Path\n", "t.txt");

        Assert.True(list.Contains("IO.Path"));
        Assert.False(list.Contains("Path"));
    }

    public static TheoryData<string> RequiredPackageCommands => new(
        "Get-Date", "Get-Item", "Get-ChildItem", "Test-Path", "New-Item", "Join-Path", "Split-Path", "Get-Content",
        "Set-Content", "Add-Content", "Move-Item", "Remove-Item", "Get-ItemProperty", "Set-ItemProperty", "New-ItemProperty",
        "Get-WinEvent", "Get-Service", "Start-Service", "Restart-Service", "Start-Sleep", "Write-Output", "Write-Verbose",
        "Write-Warning", "Write-Error", "ForEach-Object", "Where-Object", "Select-Object", "Sort-Object", "Group-Object",
        "Measure-Object", "New-Object", "Out-Null", "Out-String", "Get-CimInstance", "Get-VpnConnection",
        "Get-RemoteAccessConnectionStatistics", "Disconnect-VpnUser", "Get-VpnServerConfiguration", "Get-VpnAuthProtocol",
        "certutil.exe", "Set-StrictMode");

    [Theory]
    [MemberData(nameof(RequiredPackageCommands))]
    public void EmbeddedCommands_HoldWhatAovpnScriptsNeed(string name) =>
        Assert.True(AllowlistSet.Embedded.PackageCommands.Contains(name), name);

    public static TheoryData<string> RequiredConfigMgrCommands => new(
        "Get-CMConfigurationItem", "New-CMConfigurationItem", "Set-CMConfigurationItem", "Add-CMComplianceSettingScript",
        "Set-CMComplianceSettingScript", "Get-CMComplianceSetting", "Remove-CMComplianceSetting", "New-CMComplianceRuleValue", "Set-CMComplianceRuleValue",
        "Get-CMBaseline", "New-CMBaseline", "Set-CMBaseline", "Get-CMBaselineDeployment", "New-CMBaselineDeployment",
        "Set-CMBaselineDeployment", "New-CMSchedule", "Get-CMCollection", "Get-CMDeviceCollection", "Import-Module",
        "Set-Location", "Get-PSDrive", "New-PSDrive", "Get-Location");

    [Theory]
    [MemberData(nameof(RequiredConfigMgrCommands))]
    public void EmbeddedConfigMgrCommands_AreOnlyOnTheImportScriptList(string name)
    {
        Assert.True(AllowlistSet.Embedded.ConfigMgrCommands.Contains(name), name);
        Assert.False(AllowlistSet.Embedded.PackageCommands.Contains(name), name);
    }

    public static TheoryData<string> RequiredTypes => new(
        "string", "int", "long", "bool", "char", "byte", "double", "datetime", "timespan", "guid", "object", "hashtable",
        "ordered", "pscustomobject", "psobject", "scriptblock", "regex", "void", "array", "System.Collections.ArrayList",
        "System.Collections.IDictionary", "System.Collections.IEnumerable", "System.Collections.Generic.List",
        "System.Text.StringBuilder", "System.Text.Encoding", "Convert", "Math", "Console", "Environment", "System.IO.Path",
        "System.IO.File", "System.IO.FileInfo", "System.IO.Directory", "System.Globalization.CultureInfo",
        "System.Globalization.NumberStyles", "System.DateTimeKind", "System.StringComparison",
        "System.UnauthorizedAccessException", "System.Security.SecurityException",
        "System.Management.Automation.CommandNotFoundException", "System.Management.Automation.ErrorRecord",
        "System.Security.Cryptography.X509Certificates.X509Certificate2", "System.Security.Cryptography.X509Certificates.X509Store",
        "System.Security.Cryptography.X509Certificates.X509Chain", "System.Security.Cryptography.X509Certificates.X509ChainPolicy",
        "System.Security.Cryptography.X509Certificates.X509ChainStatusFlags", "System.Security.Cryptography.X509Certificates.X509RevocationMode",
        "System.Security.Cryptography.X509Certificates.X509VerificationFlags", "System.Security.Cryptography.X509Certificates.OpenFlags",
        "System.Security.Cryptography.X509Certificates.StoreName", "System.Security.Cryptography.X509Certificates.StoreLocation",
        "System.Security.Cryptography.X509Certificates.X509KeyUsageFlags", "System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension",
        "System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension", "System.Security.Cryptography.X509Certificates.X509Extension",
        "System.Security.Cryptography.X509Certificates.X509SubjectKeyIdentifierExtension", "System.Security.Cryptography.X509Certificates.X509NameType",
        "System.Security.Cryptography.X509Certificates.X509ContentType", "System.Security.Cryptography.Oid",
        "System.Security.Cryptography.AsnEncodedData", "System.Security.Cryptography.RSA",
        "System.Security.Cryptography.X509Certificates.RSACertificateExtensions", "System.Security.Cryptography.CngKey",
        "System.Security.Cryptography.CngProvider", "System.Diagnostics.Eventing.Reader.EventLogRecord",
        "Microsoft.Win32.Registry", "Microsoft.Win32.RegistryKey", "Microsoft.Win32.RegistryValueKind",
        "CmdletBinding", "Parameter", "ValidateSet", "ValidateRange", "ValidateNotNullOrEmpty", "OutputType");

    [Theory]
    [MemberData(nameof(RequiredTypes))]
    public void EmbeddedTypes_HoldWhatAovpnScriptsNeed(string name) =>
        Assert.True(AllowlistSet.Embedded.Types.Contains(name), name);

    [Fact]
    public void EmbeddedTypes_LeaveOutX509ChainTrustMode() =>
        // CustomRootTrust/CustomTrustStore do not exist in .NET Framework 4.8.
        Assert.False(AllowlistSet.Embedded.Types.Contains("System.Security.Cryptography.X509Certificates.X509ChainTrustMode"));
}
