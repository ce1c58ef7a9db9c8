using System.Text;
using AovpnRemediations.Emit;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Rendering.Templates;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Emit.Tests;

/// <summary>
/// The committed output/ is the snapshot: a fresh build of the sample profile must equal it byte for byte,
/// so every template change shows up in review as a script diff. On a mismatch the fresh build is written
/// to output.received/ beside it (Verify's habit) to diff and, if right, copy over.
/// </summary>
public class GoldenOutputTests
{
    [Fact]
    public void A_fresh_build_of_the_sample_equals_the_committed_output()
    {
        var result = new BuildPipeline(TimeProvider.System, TemplateSet.Embedded, BuildPipeline.ToolVersion).Compile(SampleProfileSource.Instance);
        var expected = result.Tree.Files.Append(result.Manifest).ToDictionary(f => f.Path, f => f.Content);
        var committedRoot = Repository.Path("output");
        var committed = Directory.EnumerateFiles(committedRoot, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(committedRoot, p).Replace('\\', '/'), File.ReadAllBytes);

        var problems = new List<string>();
        problems.AddRange(expected.Keys.Except(committed.Keys).Select(p => $"missing from output/: {p}"));
        problems.AddRange(committed.Keys.Except(expected.Keys).Select(p => $"not produced by the build: output/{p}"));
        problems.AddRange(expected.Keys.Intersect(committed.Keys).Where(p => !expected[p].AsSpan().SequenceEqual(committed[p])).Select(p => $"differs: output/{p} ({FirstDifference(expected[p], committed[p])})"));
        if (problems.Count > 0)
        {
            var received = Repository.Path("output.received");
            OutputWriter.Write(received, result.Tree, [result.Manifest]);
            Assert.Fail($"output/ is not what the build produces; the fresh build is in {received}. Rebuild with the README's main command if the change is intended.\n" + string.Join("\n", problems));
        }
    }

    [Fact]
    public void Every_committed_script_is_ASCII_CRLF_without_BOM()
    {
        foreach (var path in Directory.EnumerateFiles(Repository.Path("output"), "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(path);
            Assert.True(bytes.All(b => b < 0x80), $"{path} is not ASCII");
            Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF, $"{path} starts with a BOM");
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    Assert.True(i > 0 && bytes[i - 1] == (byte)'\r', $"{path} has a bare LF at byte {i}");
                }
            }
        }
    }

    private static string FirstDifference(byte[] expected, byte[] actual)
    {
        var length = Math.Min(expected.Length, actual.Length);
        var index = Enumerable.Range(0, length).FirstOrDefault(i => expected[i] != actual[i], length);
        var line = Encoding.ASCII.GetString(expected, 0, Math.Min(index, expected.Length)).Count(c => c == '\n') + 1;
        return $"first difference at line {line}";
    }
}
