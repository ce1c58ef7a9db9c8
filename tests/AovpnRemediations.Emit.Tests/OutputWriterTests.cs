using System.Text;
using AovpnRemediations.Emit;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Emit.Tests;

public class OutputWriterTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Writing_replaces_the_whole_folder()
    {
        var target = temp.Path("out");
        OutputWriter.Write(target, Tree(("a/one.txt", "1"), ("b.txt", "2")), [Manifest()]);
        OutputWriter.Write(target, Tree(("c.txt", "3")), [Manifest()]);
        Assert.Equal(["c.txt", "manifest.json"], Files(target));
        Assert.Equal(["out"], Directory.EnumerateFileSystemEntries(temp.FullPath).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failed_write_leaves_the_previous_output_untouched_and_no_leftovers()
    {
        var target = temp.Path("out");
        OutputWriter.Write(target, Tree(("keep.txt", "previous")), [Manifest()]);
        var before = Snapshot(target);

        // "x" as a file and "x/y" under it cannot both be written: the write fails halfway.
        var broken = Tree(("x", "file"), ("x/y", "child"));
        Assert.Throws<OutputException>(() => OutputWriter.Write(target, broken, [Manifest()]));

        Assert.Equal(before, Snapshot(target));
        Assert.Equal(["out"], Directory.EnumerateFileSystemEntries(temp.FullPath).Select(Path.GetFileName));
    }

    [Fact]
    public void A_folder_with_other_files_and_no_manifest_is_not_replaced()
    {
        var target = temp.Path("mine");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "notes.txt"), "precious");
        var error = Assert.Throws<OutputException>(() => OutputWriter.Write(target, Tree(("a.txt", "1")), [Manifest()]));
        Assert.Contains("was not written by aovpn-remediations", error.Message, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(target, "notes.txt")));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/abs.txt")]
    [InlineData("a\\b.txt")]
    [InlineData("a//b.txt")]
    public void Paths_must_stay_inside_the_output_folder(string path)
    {
        Assert.Throws<ArgumentException>(() => new OutputTree().Add(path, []));
    }

    private static OutputTree Tree(params (string Path, string Text)[] files)
    {
        var tree = new OutputTree();
        foreach (var (path, text) in files)
        {
            tree.Add(path, Encoding.ASCII.GetBytes(text));
        }

        return tree;
    }

    private static OutputFile Manifest() => new(BuildManifest.FileName, Encoding.ASCII.GetBytes("{}"));

    private static List<string> Files(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(root, p).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    private static List<(string, string, DateTime)> Snapshot(string root) =>
        [.. Files(root).Select(f => (f, File.ReadAllText(Path.Combine(root, f)), File.GetLastWriteTimeUtc(Path.Combine(root, f))))];
}
