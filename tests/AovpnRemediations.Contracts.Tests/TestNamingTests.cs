using System.Text.RegularExpressions;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Contracts.Tests;

/// <summary>
/// One test-naming style for every test project: a sentence with underscores (A_second_apply_makes_no_writes), so a
/// failing test reads as the behaviour it lost. Read from the sources, so a new project is covered without a reference.
/// </summary>
public sealed partial class TestNamingTests
{
    [Fact]
    public void Every_xunit_test_in_the_repository_is_named_as_a_sentence_with_underscores()
    {
        var offenders = new List<string>();
        var tests = 0;
        foreach (var file in Directory.EnumerateFiles(Repository.Path("tests"), "*.cs", SearchOption.AllDirectories))
        {
            if (IsBuildOutput(file))
            {
                continue;
            }

            foreach (Match test in TestMethod().Matches(File.ReadAllText(file)))
            {
                tests++;
                var name = test.Groups["name"].Value;
                if (!IsSentenceName(name))
                {
                    offenders.Add($"{Path.GetRelativePath(Repository.Root, file)}: {name}");
                }
            }
        }

        Assert.True(tests > 400, $"only {tests} tests found: the pattern no longer matches how tests are declared");
        Assert.True(offenders.Count == 0, "name these tests as sentences with underscores:\n" + string.Join('\n', offenders));
    }

    [Theory]
    [InlineData("A_second_apply_makes_no_writes")]
    [InlineData("The_ConfigMgr_importer_renames_the_item_it_finds_by_its_marker")]
    [InlineData("Shows_HRESULTs_as_eight_hex_digits")]
    [InlineData("Holds_at_least_25_codes")]
    public void Sentences_pass(string name) => Assert.True(IsSentenceName(name));

    [Theory]
    [InlineData("ASecondApplyMakesNoWrites")]
    [InlineData("Scenario")]
    [InlineData("Apply_MakesNoWrites")]
    [InlineData("A__second_apply")]
    [InlineData("a_second_apply")]
    [InlineData("A_second_apply_")]
    public void Pascal_case_mixed_or_malformed_names_fail(string name) => Assert.False(IsSentenceName(name));

    /// <summary>
    /// Words joined by single underscores, the first capitalised; a word may be a product name with one inner
    /// capital (ConfigMgr, PowerShell) or an acronym (HRESULTs, IDs), never two run-together words (MakesNoWrites).
    /// </summary>
    private static bool IsSentenceName(string name)
    {
        var words = name.Split('_');
        return words.Length >= 2
            && char.IsUpper(words[0][0])
            && words.All(word => word.Length > 0 && CamelHumps().Matches(word).Count <= 1);
    }

    private static bool IsBuildOutput(string file)
    {
        var separator = Path.DirectorySeparatorChar;
        return file.Contains($"{separator}bin{separator}", StringComparison.Ordinal)
            || file.Contains($"{separator}obj{separator}", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\[(?:Fact|Theory)\b[^\]]*\]\s*(?:\[[^\]]*\]\s*)*public\s+(?:static\s+)?(?:async\s+)?(?:Task|ValueTask|void)\s+(?<name>\w+)\s*\(")]
    private static partial Regex TestMethod();

    /// <summary>A lower-case letter followed by a capital that starts a new lower-case word.</summary>
    [GeneratedRegex("[a-z](?=[A-Z][a-z])")]
    private static partial Regex CamelHumps();
}
