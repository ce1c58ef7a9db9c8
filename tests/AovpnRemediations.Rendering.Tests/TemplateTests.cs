using AovpnRemediations.Rendering.Escaping;
using AovpnRemediations.Rendering.Models;
using AovpnRemediations.Rendering.Templates;
using AovpnRemediations.TestSupport;

namespace AovpnRemediations.Rendering.Tests;

public class TemplateTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Every_required_template_is_embedded_and_parses()
    {
        var names = TemplateSet.Embedded.Sources.Select(s => s.Name).ToList();
        Assert.All(TemplateNames.Required, name => Assert.Contains(name, names));
    }

    [Fact]
    public void The_embedded_templates_are_the_repository_templates()
    {
        foreach (var (name, text) in TemplateSet.Embedded.Sources)
        {
            Assert.Equal(File.ReadAllText(Repository.Path("templates", name + ".scriban")).Replace("\r\n", "\n", StringComparison.Ordinal), text);
        }
    }

    [Fact]
    public void A_misspelt_variable_is_an_error_not_empty_text()
    {
        var templates = CopyOfTemplates();
        File.WriteAllText(Path.Combine(templates, "common", "entry.scriban"), "{{ pakage.id }}");
        var set = TemplateSet.FromDirectory(templates);
        var error = Assert.Throws<TemplateException>(() => TemplateContextFactory.Render(set, TemplateNames.Entry, "package", new { id = "x" }));
        Assert.Contains("common/entry.scriban:1:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_member_is_an_error_not_empty_text()
    {
        var templates = CopyOfTemplates();
        File.WriteAllText(Path.Combine(templates, "common", "entry.scriban"), "{{ package.idd }}");
        var set = TemplateSet.FromDirectory(templates);
        Assert.Throws<TemplateException>(() => TemplateContextFactory.Render(set, TemplateNames.Entry, "package", new { id = "x" }));
    }

    [Fact]
    public void A_templates_folder_missing_a_template_is_refused_with_its_name()
    {
        var templates = CopyOfTemplates();
        File.Delete(Path.Combine(templates, "kinds", "certificates-in-store", "check.scriban"));
        var error = Assert.Throws<TemplateException>(() => TemplateSet.FromDirectory(templates));
        Assert.Contains("kinds/certificates-in-store/check.scriban' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_with_a_syntax_error_is_refused_with_its_position()
    {
        var templates = CopyOfTemplates();
        File.WriteAllText(Path.Combine(templates, "common", "entry.scriban"), "line one\n{{ if }}\n");
        var error = Assert.Throws<TemplateException>(() => TemplateSet.FromDirectory(templates));
        Assert.Contains("entry.scriban:2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void View_models_refuse_profile_text_as_a_plain_string()
    {
        Assert.Equal("AOVPN2001", Identifier.Require("AOVPN2001"));
        Assert.Throws<ArgumentException>(() => Identifier.Require("x'; Remove-Item"));
        Assert.Throws<ArgumentException>(() => Identifier.Require("a b"));
        Assert.Equal("'x'';'", PsLiteral.Of("x';").ToString());
    }

    [Theory]
    [InlineData("a\u00e9")]
    [InlineData("tab\there")]
    public void Rendered_scripts_must_be_ASCII_without_control_characters(string text)
    {
        var error = Assert.Throws<TemplateException>(() => ScriptText.Finish(text, "t"));
        Assert.Contains("rendered line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Finished_scripts_use_CRLF_and_end_with_one_newline()
    {
        Assert.Equal("a\r\nb\r\n", ScriptText.Finish("a\nb\n\n\n", "t"));
        Assert.Equal("a\r\nb\r\n", ScriptText.Finish("a\r\nb", "t"));
    }

    private string CopyOfTemplates()
    {
        var target = temp.Path("templates");
        foreach (var (name, text) in TemplateSet.Embedded.Sources)
        {
            var path = Path.Combine(target, name + ".scriban");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        return target;
    }
}
