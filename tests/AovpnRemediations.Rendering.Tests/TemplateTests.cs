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
    public void EveryRequiredTemplateIsEmbeddedAndParses()
    {
        var names = TemplateSet.Embedded.Sources.Select(s => s.Name).ToList();
        Assert.All(TemplateNames.Required, name => Assert.Contains(name, names));
    }

    [Fact]
    public void TheEmbeddedTemplatesAreTheRepositoryTemplates()
    {
        foreach (var (name, text) in TemplateSet.Embedded.Sources)
        {
            Assert.Equal(File.ReadAllText(Repository.Path("templates", name + ".scriban")).Replace("\r\n", "\n", StringComparison.Ordinal), text);
        }
    }

    [Fact]
    public void AMisspeltVariableIsAnErrorNotEmptyText()
    {
        var templates = CopyOfTemplates();
        File.WriteAllText(Path.Combine(templates, "common", "entry.scriban"), "{{ pakage.id }}");
        var set = TemplateSet.FromDirectory(templates);
        var error = Assert.Throws<TemplateException>(() => TemplateContextFactory.Render(set, TemplateNames.Entry, "package", new { id = "x" }));
        Assert.Contains("common/entry.scriban:1:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMisspeltMemberIsAnErrorNotEmptyText()
    {
        var templates = CopyOfTemplates();
        File.WriteAllText(Path.Combine(templates, "common", "entry.scriban"), "{{ package.idd }}");
        var set = TemplateSet.FromDirectory(templates);
        Assert.Throws<TemplateException>(() => TemplateContextFactory.Render(set, TemplateNames.Entry, "package", new { id = "x" }));
    }

    [Fact]
    public void ATemplatesFolderMissingATemplateIsRefusedWithItsName()
    {
        var templates = CopyOfTemplates();
        File.Delete(Path.Combine(templates, "kinds", "certificates-in-store", "check.scriban"));
        var error = Assert.Throws<TemplateException>(() => TemplateSet.FromDirectory(templates));
        Assert.Contains("kinds/certificates-in-store/check.scriban' is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATemplateWithASyntaxErrorIsRefusedWithItsPosition()
    {
        var templates = CopyOfTemplates();
        File.WriteAllText(Path.Combine(templates, "common", "entry.scriban"), "line one\n{{ if }}\n");
        var error = Assert.Throws<TemplateException>(() => TemplateSet.FromDirectory(templates));
        Assert.Contains("entry.scriban:2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ViewModelsRefuseProfileTextAsAPlainString()
    {
        Assert.Equal("AOVPN2001", Identifier.Require("AOVPN2001"));
        Assert.Throws<ArgumentException>(() => Identifier.Require("x'; Remove-Item"));
        Assert.Throws<ArgumentException>(() => Identifier.Require("a b"));
        Assert.Equal("'x'';'", PsLiteral.Of("x';").ToString());
    }

    [Theory]
    [InlineData("a\u00e9")]
    [InlineData("tab\there")]
    public void RenderedScriptsMustBeAsciiWithoutControlCharacters(string text)
    {
        var error = Assert.Throws<TemplateException>(() => ScriptText.Finish(text, "t"));
        Assert.Contains("rendered line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FinishedScriptsUseCrlfAndEndWithOneNewline()
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
