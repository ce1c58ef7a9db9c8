using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace AovpnRemediations.Rendering.Templates;

/// <summary>
/// The one place a Scriban <see cref="TemplateContext"/> is made. Scriban's defaults render a misspelt
/// variable or member as empty text, which in a generated script would silently change behaviour; here
/// both are errors, and newlines do not depend on the build machine.
/// </summary>
public static class TemplateContextFactory
{
    public static TemplateContext Create(TemplateSet templates, string modelName, object model)
    {
        var globals = new ScriptObject();
        globals.SetValue(modelName, model, readOnly: true);
        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            EnableRelaxedIndexerAccess = false,
            EnableRelaxedTargetAccess = false,
            NewLine = "\n",
            TemplateLoader = new TemplateSetLoader(templates),
            LoopLimit = 10_000,
            RecursiveLimit = 50,
            MemberRenamer = StandardMemberRenamer.Default,
        };
        context.PushGlobal(globals);
        return context;
    }

    /// <summary>Renders a template with one model, turning Scriban's runtime errors into template errors.</summary>
    public static string Render(TemplateSet templates, string templateName, string modelName, object model)
    {
        var template = templates.Get(templateName);
        var context = Create(templates, modelName, model);
        try
        {
            return template.Render(context);
        }
        catch (Scriban.Syntax.ScriptRuntimeException e)
        {
            throw new TemplateException([$"{templates.Origin}/{templateName}.scriban:{e.Span.Start.Line + 1}:{e.Span.Start.Column + 1}: {e.OriginalMessage}"]);
        }
    }

    private sealed class TemplateSetLoader(TemplateSet templates) : ITemplateLoader
    {
        public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) => templateName;

        public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => templates.SourceOf(templatePath) is { Length: > 0 } text
            ? text
            : throw new TemplateException([$"{templates.Origin}: template '{templatePath}.scriban' (included at line {callerSpan.Start.Line + 1}) is missing."]);

        public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) => new(Load(context, callerSpan, templatePath));
    }
}
