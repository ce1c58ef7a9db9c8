using AovpnRemediations.Publish.Planning;

namespace AovpnRemediations.Publish.Tests;

public sealed class UnifiedDiffTests
{
    private static string Lines(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\r\n"));

    private static IEnumerable<string> Numbered(int count) => Enumerable.Range(1, count).Select(i => $"line {i}");

    [Fact]
    public void Several_changes_in_one_script_give_one_hunk_each_with_three_lines_of_context_and_exact_ranges()
    {
        var before = Numbered(20).ToList();
        var after = before.ToList();
        after[1] = "LINE 2";
        after[9] = "LINE 10";
        after.Insert(10, "new after 10");
        after.RemoveAt(19); // line 19

        var diff = UnifiedDiff.Create(Lines(before), Lines(after), "tenant/x/detect.ps1", "output/intune/x/detect.ps1");

        Assert.Equal(
            """
            --- tenant/x/detect.ps1
            +++ output/intune/x/detect.ps1
            @@ -1,5 +1,5 @@
             line 1
            -line 2
            +LINE 2
             line 3
             line 4
             line 5
            @@ -7,7 +7,8 @@
             line 7
             line 8
             line 9
            -line 10
            +LINE 10
            +new after 10
             line 11
             line 12
             line 13
            @@ -16,5 +17,4 @@
             line 16
             line 17
             line 18
            -line 19
             line 20

            """.ReplaceLineEndings("\n"),
            diff);
    }

    [Fact]
    public void Changes_six_unchanged_lines_apart_share_a_hunk_and_seven_apart_do_not()
    {
        var joined = Numbered(12).ToList();
        var changed = joined.ToList();
        changed[1] = "two";
        changed[8] = "nine";
        var one = UnifiedDiff.Create(Lines(joined), Lines(changed), "a", "b");
        Assert.Single(one.Split('\n'), l => l.StartsWith("@@", StringComparison.Ordinal));
        Assert.Contains("@@ -1,12 +1,12 @@", one, StringComparison.Ordinal);

        changed = Numbered(13).ToList();
        changed[1] = "two";
        changed[9] = "ten";
        var two = UnifiedDiff.Create(Lines(Numbered(13)), Lines(changed), "a", "b");
        Assert.Equal(["@@ -1,5 +1,5 @@", "@@ -7,7 +7,7 @@"], two.Split('\n').Where(l => l.StartsWith("@@", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_script_new_to_the_tenant_is_one_hunk_from_line_zero()
    {
        var diff = UnifiedDiff.Create("", "a\r\nb\r\n", "a", "b");
        Assert.Contains("@@ -0,0 +1,2 @@\n+a\n+b\n", diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_endings_alone_are_no_text_change()
    {
        Assert.Equal("", UnifiedDiff.Create("a\nb\n", "a\r\nb\r\n", "a", "b"));
        Assert.Contains("LF", UnifiedDiff.Describe("a\nb\n"u8.ToArray(), "a\r\nb\r\n"u8.ToArray()), StringComparison.Ordinal);
    }
}
