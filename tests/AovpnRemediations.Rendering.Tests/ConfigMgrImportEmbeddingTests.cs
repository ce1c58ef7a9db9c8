using System.Text;
using AovpnRemediations.Rendering;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Rendering.Tests;

/// <summary>The changes signing makes to a rendered importer: exact swaps of embedded scripts, and the signer token.</summary>
public sealed class ConfigMgrImportEmbeddingTests
{
    private static readonly string Importer = File.ReadAllText(Repository.Path("output", "configmgr", ConfigMgrImportRenderer.FileName));

    private static IEnumerable<string> ConfigMgrScripts() =>
        Directory.EnumerateFiles(Repository.Path("output", "configmgr"), "*.ps1", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(p) != ConfigMgrImportRenderer.FileName)
            .Order(StringComparer.Ordinal);

    [Fact]
    public void The_committed_importer_embeds_every_committed_configmgr_script_exactly_once()
    {
        Assert.NotEmpty(ConfigMgrScripts());
        Assert.All(ConfigMgrScripts(), path => Assert.True(ConfigMgrImportEmbedding.Embeds(Importer, File.ReadAllBytes(path)), path));
    }

    [Fact]
    public void Swapping_a_script_and_swapping_it_back_gives_the_importer_back_byte_for_byte()
    {
        var text = Importer;
        var originals = ConfigMgrScripts().Select(File.ReadAllBytes).ToList();
        var changed = originals.Select(b => b.Concat("\r\n# SIG # Begin signature block\r\n# AAAA\r\n# SIG # End signature block\r\n"u8.ToArray()).ToArray()).ToList();
        for (var i = 0; i < originals.Count; i++)
        {
            text = ConfigMgrImportEmbedding.ReplaceScript(text, originals[i], changed[i], $"script {i}");
        }

        Assert.All(changed, c => Assert.True(ConfigMgrImportEmbedding.Embeds(text, c)));
        Assert.All(originals, o => Assert.False(ConfigMgrImportEmbedding.Embeds(text, o)));
        for (var i = 0; i < originals.Count; i++)
        {
            text = ConfigMgrImportEmbedding.ReplaceScript(text, changed[i], originals[i], $"script {i}");
        }

        Assert.Equal(Importer, text);
    }

    [Fact]
    public void A_script_that_is_only_the_start_of_an_embedded_one_is_not_found()
    {
        var whole = File.ReadAllBytes(ConfigMgrScripts().First());
        var start = whole.AsSpan(0, 300).ToArray();
        Assert.False(ConfigMgrImportEmbedding.Embeds(Importer, start));
        var refused = Assert.Throws<InvalidOperationException>(() => ConfigMgrImportEmbedding.ReplaceScript(Importer, start, whole, "configmgr/x/discovery.ps1"));
        Assert.Contains("embeds configmgr/x/discovery.ps1 0 times", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_line_embedding_grows_into_lines_with_the_same_indentation()
    {
        var small = "exit 0\r\n"u8.ToArray();
        var text = "    $d = ConvertFrom-AovpnBase64 -Lines @(\r\n        'ZXhpdCAwDQo='\r\n    )\r\n";
        var bigger = Encoding.ASCII.GetBytes(new string('x', 200) + "\r\n");

        var grown = ConfigMgrImportEmbedding.ReplaceScript(text, small, bigger, "s");

        var lines = grown.Split("\r\n");
        Assert.Equal(["    $d = ConvertFrom-AovpnBase64 -Lines @("], lines[..1]);
        Assert.All(lines[1..^2], l => Assert.StartsWith("        '", l, StringComparison.Ordinal));
        Assert.Equal(3, lines.Length - 3);
        Assert.Equal(text, ConfigMgrImportEmbedding.ReplaceScript(grown, bigger, small, "s"));
    }

    [Fact]
    public void The_signer_token_follows_the_content_token_is_replaced_by_a_new_signer_and_removed_without_one()
    {
        var signed = ConfigMgrImportEmbedding.SetSigner(Importer, "0123456789ABCDEF0123456789ABCDEF01234567");
        var resigned = ConfigMgrImportEmbedding.SetSigner(signed, "FEDCBA9876543210FEDCBA9876543210FEDCBA98");

        var items = Importer.Split("[content:").Length - 1;
        Assert.True(items > 0);
        Assert.Equal(items, signed.Split("] [signer:0123456789AB]'").Length - 1);
        Assert.Equal(items, resigned.Split("] [signer:FEDCBA987654]'").Length - 1);
        Assert.DoesNotContain("0123456789AB", resigned, StringComparison.Ordinal);
        Assert.Equal(Importer, ConfigMgrImportEmbedding.SetSigner(resigned, null));
        Assert.Equal(Importer, ConfigMgrImportEmbedding.SetSigner(Importer, null));
    }

    [Fact]
    public void A_content_token_quoted_inside_profile_text_is_left_alone()
    {
        // A profile description may contain anything, a quote included (doubled in the literal).
        var text = "        Description        = 'it''s [content:0123456789ab]'' here [content:abcdefabcdef]'\r\n";
        var signed = ConfigMgrImportEmbedding.SetSigner(text, "0123456789ABCDEF0123456789ABCDEF01234567");
        Assert.Equal("        Description        = 'it''s [content:0123456789ab]'' here [content:abcdefabcdef] [signer:0123456789AB]'\r\n", signed);
    }
}
