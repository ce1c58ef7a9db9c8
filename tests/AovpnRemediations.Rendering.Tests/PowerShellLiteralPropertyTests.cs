using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Text;
using AovpnRemediations.Rendering.Escaping;

namespace AovpnRemediations.Rendering.Tests;

/// <summary>
/// Property test of the one escaping function: for hostile generated strings the literal is ASCII, parses
/// with the real PowerShell parser into string constants (and [char] conversions joined by '+') only, and
/// evaluates to exactly the input.
/// </summary>
public class PowerShellLiteralPropertyTests
{
    private const int Cases = 10_000;

    // The characters PowerShell gives meaning to, plus quotes it treats like ' and other trouble.
    private static readonly string[] Hostile =
    [
        "'", "''", "\u2018", "\u2019", "\u201A", "\u201B", "\"", "\u201C", "\u201D", "`", "`n", "$", "$(Get-Date)", "$env:TEMP",
        "${x}", "@(", "@{", ")", "}", "#", "<#", "#>", ";", "|", "&", "&&", "\n", "\r\n", "\r", "\t", "\0", "\u0085", "\u2028",
        "\u00e9", "\u00fc", "\u00df", "\u4e2d", "\ud83d\ude00", "\ud800", "\udc00", "\uFEFF", "\u00a0", "\\", "\\'", "-", "--%", "+", "[char]65",
        "Write-Host x", "exit 1", "'; Remove-Item C:\\ -Recurse; '",
    ];

    [Fact]
    public void Ten_thousand_hostile_strings_round_trip_as_pure_string_constants()
    {
        var random = new Random(20261129);
        var inputs = Enumerable.Range(0, Cases).Select(_ => Generate(random)).Prepend(string.Empty).ToList();
        // Every other case goes through the wrapped form (pieces on several lines) used for long values.
        var literals = inputs.Select((value, i) => i % 2 == 0 ? PowerShellLiteral.Quote(value) : PsLiteral.Wrapped(value, 1 + (i % 7), "    ").Code).ToList();

        for (var i = 0; i < literals.Count; i++)
        {
            Assert.True(literals[i].All(c => (c >= 0x20 && c <= 0x7E) || c == '\n'), $"literal of case {i} is not printable ASCII: {literals[i]}");
            AssertOnlyStringConstants(literals[i], i);
        }

        // Evaluate the literals as array elements, a thousand per script (PowerShell compiles one huge
        // array slowly): element i must equal input i, character for character.
        var values = Evaluate(literals);
        Assert.Equal(literals.Count, values.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            if (!string.Equals(inputs[i], values[i], StringComparison.Ordinal))
            {
                Assert.Fail($"case {i}: {Escape(inputs[i])} came back as {Escape(values[i])} from {literals[i]}");
            }
        }
    }

    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", "'it''s'")]
    [InlineData("", "''")]
    [InlineData("caf\u00e9", "('caf' + [char]0x00E9)")]
    [InlineData("\u2019", "('' + [char]0x2019)")]
    [InlineData("a\nb", "('a' + [char]0x000A + 'b')")]
    [InlineData("$(x) `n", "'$(x) `n'")]
    public void KnownValuesHaveTheirExpectedLiteral(string value, string expected)
    {
        Assert.Equal(expected, PowerShellLiteral.Quote(value));
    }

    [Fact]
    public void Long_values_wrap_into_pieces_on_separate_lines()
    {
        Assert.Equal("('abcd' +\n  'efgh' +\n  'ij')", PsLiteral.Wrapped("abcdefghij", 4, "  ").Code);
        Assert.Equal("'abcd'", PsLiteral.Wrapped("abcd", 4, "  ").Code);
    }

    private static string Generate(Random random)
    {
        var builder = new StringBuilder();
        var parts = random.Next(0, 8);
        for (var i = 0; i < parts; i++)
        {
            switch (random.Next(4))
            {
                case 0:
                    builder.Append(Hostile[random.Next(Hostile.Length)]);
                    break;
                case 1:
                    builder.Append((char)random.Next(0x20, 0x7F));
                    break;
                case 2:
                    builder.Append((char)random.Next(0, 0x10000));
                    break;
                default:
                    builder.Append("AOVPN Device Tunnel");
                    break;
            }
        }

        return builder.ToString();
    }

    private static void AssertOnlyStringConstants(string literal, int index)
    {
        var ast = Parser.ParseInput(literal, out _, out var errors);
        Assert.True(errors.Length == 0, $"case {index}: {literal} does not parse: {string.Join("; ", errors.Select(e => e.Message))}");
        var statement = Assert.Single(ast.EndBlock.Statements);
        var pipeline = Assert.IsType<PipelineAst>(statement);
        var expression = Assert.IsType<CommandExpressionAst>(Assert.Single(pipeline.PipelineElements)).Expression;
        AssertStringExpression(expression, literal, index);
    }

    private static void AssertStringExpression(ExpressionAst expression, string literal, int index)
    {
        switch (expression)
        {
            case StringConstantExpressionAst { StringConstantType: StringConstantType.SingleQuoted }:
                return;
            case ParenExpressionAst { Pipeline: PipelineAst { PipelineElements: [CommandExpressionAst inner] } }:
                AssertStringExpression(inner.Expression, literal, index);
                return;
            case BinaryExpressionAst { Operator: TokenKind.Plus } binary:
                AssertStringExpression(binary.Left, literal, index);
                AssertStringExpression(binary.Right, literal, index);
                return;
            case ConvertExpressionAst { Type.TypeName.FullName: "char", Child: ConstantExpressionAst { Value: int } }:
                return;
            default:
                Assert.Fail($"case {index}: {literal} holds a {expression.GetType().Name}: {expression.Extent.Text}");
                return;
        }
    }

    private static List<string> Evaluate(List<string> literals)
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        var values = new List<string>();
        foreach (var chunk in literals.Chunk(1000))
        {
            using var powershell = PowerShell.Create(runspace);
            var output = powershell.AddScript("@(\n" + string.Join(",\n", chunk) + "\n)").Invoke();
            Assert.Empty(powershell.Streams.Error);
            values.AddRange(output.Select(o => (string)o.BaseObject));
        }

        return values;
    }

    private static string Escape(string value) =>
        string.Concat(value.Select(c => c >= 0x20 && c <= 0x7E ? c.ToString() : $"\\u{(int)c:X4}"));
}
