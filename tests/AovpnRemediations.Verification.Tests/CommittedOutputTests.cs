using System.Text;

namespace AovpnRemediations.Verification.Tests;

/// <summary>
/// Every script in the committed output/ verified with every rule. The build (BuildPipeline's verify step) refuses any
/// finding; this test names the ones the committed scripts still have, so that they can be fixed where scripts are
/// assembled. Known findings live in CommittedOutput.known.txt ("file:line:col rule", one a line); a finding not in
/// it fails the test, and the full list is written to CommittedOutput.received.txt beside the test assembly.
/// Remove entries as they are fixed: the goal is an empty file.
/// </summary>
public sealed class CommittedOutputTests
{
    [Fact]
    public void The_committed_output_has_no_findings_beyond_the_known_ones()
    {
        var output = Path.Combine(RepositoryRoot(), "output");
        var found = Directory.EnumerateFiles(output, "*.ps1", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .SelectMany(path =>
            {
                var relative = Path.GetRelativePath(output, path).Replace('\\', '/');
                var role = relative == "configmgr/Import-AovpnBaseline.ps1" ? ScriptRole.ConfigMgrImportScript : ScriptRole.PackageScript;
                return Scripts.Verifier.Verify(relative, File.ReadAllBytes(path), role);
            })
            .ToList();
        File.WriteAllLines(Path.Combine(AppContext.BaseDirectory, "CommittedOutput.received.txt"), found.Select(f => f.ToString()), Encoding.ASCII);

        var known = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "CommittedOutput.known.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal);
        var unknown = found.Where(f => !known.Contains($"{f.File}:{f.Line}:{f.Column} {f.Rule}")).Select(f => f.ToString()).ToList();

        Assert.Empty(unknown);
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
