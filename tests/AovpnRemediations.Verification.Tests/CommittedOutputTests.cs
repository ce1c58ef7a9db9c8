namespace AovpnRemediations.Verification.Tests;

/// <summary>
/// Every script in the committed output/ verified with every rule, as the build's verify step does: a rule added
/// here that the committed scripts break fails this test before it fails someone's build.
/// </summary>
public sealed class CommittedOutputTests
{
    [Fact]
    public void The_committed_output_has_no_verification_findings()
    {
        var output = Path.Combine(RepositoryRoot(), "output");
        var scripts = Directory.EnumerateFiles(output, "*.ps1", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(scripts);
        var found = scripts
            .SelectMany(path =>
            {
                var relative = Path.GetRelativePath(output, path).Replace('\\', '/');
                var role = relative == "configmgr/Import-AovpnBaseline.ps1" ? ScriptRole.ConfigMgrImportScript : ScriptRole.PackageScript;
                return Scripts.Verifier.Verify(relative, File.ReadAllBytes(path), role);
            })
            .Select(f => f.ToString())
            .ToList();
        Assert.Empty(found);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AovpnRemediations.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("AovpnRemediations.sln not found above " + AppContext.BaseDirectory);
    }
}
