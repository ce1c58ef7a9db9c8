using System.Management.Automation.Language;
using System.Text;

namespace AovpnRemediations.Verification.Tests;

/// <summary>
/// The clean fixture with one bad statement injected before a random statement of a random function must yield
/// exactly that statement's rule at exactly its position: no rule is blind to a context, and none fires on its neighbours.
/// </summary>
public sealed class InjectionTests
{
    private const int Seeds = 400;

    /// <summary>A statement that breaks one rule; the finding starts at <paramref name="Marker"/> (or at the line end).</summary>
    private sealed record Construct(string Rule, string Statement, string? Marker, string LineEnd = "\r\n")
    {
        public int Column => Marker is null ? Statement.Length + 1 : Statement.IndexOf(Marker, StringComparison.Ordinal) + 1;
    }

    private static readonly Construct[] Constructs =
    [
        new(VerificationRules.Ps7Syntax, "$z = $true ? 1 : 2", "$true"),
        new(VerificationRules.Ps7Syntax, "Test-Path -LiteralPath 'a' && Test-Path -LiteralPath 'b'", "Test-Path"),
        new(VerificationRules.Ps7Syntax, "$z = $env:TEMP ?? 'd'", "$env"),
        new(VerificationRules.Ps7Syntax, "$z ??= 'd'", "$z"),
        new(VerificationRules.Ps7Syntax, "$z = ${env:TEMP}?.Length", "${"),
        new(VerificationRules.Ps7Syntax, "$z = ${env:TEMP}?[0]", "${"),
        new(VerificationRules.Ps7Syntax, "$z = 1..2 | ForEach-Object -Parallel { $_ }", "-Parallel"),
        new(VerificationRules.Ps7Syntax, "$z = { process { $_ } clean { } }", "clean"),
        new(VerificationRules.NonAscii, "$z = 'Caf\u00e9'", "\u00e9"),
        new(VerificationRules.LineEnding, "$z = 1", null, "\n"),
        new(VerificationRules.LineEnding, "$z = 2", null, "\r"),
        new(VerificationRules.WriteHost, "Write-Host 'x'", "Write-Host"),
        new(VerificationRules.CommandNotAllowed, "Invoke-Expression -Command 'Get-Date'", "Invoke-Expression"),
        new(VerificationRules.CommandNotAllowed, "$z = ConvertTo-Json -InputObject 1", "ConvertTo-Json"),
        new(VerificationRules.CommandNotAllowed, "$z = Get-WmiObject -Class Win32_BIOS", "Get-WmiObject"),
        new(VerificationRules.CommandNotAllowed, "$z = Get-CMBaseline -Name 'x'", "Get-CMBaseline"),
        new(VerificationRules.CommandNotAllowed, "$z = 1..3 | % { $_ }", "%"),
        new(VerificationRules.CommandNotAllowed, "& \"Get-$z\"", "\""),
        new(VerificationRules.TypeNotAllowed, "$z = [System.Net.WebClient]::new()", "["),
        new(VerificationRules.TypeNotAllowed, "$z = 'x' -as [System.Net.Sockets.Socket]", "["),
        new(VerificationRules.NotInNetFramework48, "$z = [System.Math]::Clamp(5, 0, 3)", "["),
        new(VerificationRules.NotInNetFramework48, "$z = [uint]5", "["),
        new(VerificationRules.NotInNetFramework48, "$z = New-Object -TypeName System.Text.StringBuilder -ArgumentList 1, 2, 3", "System.Text"),
        new(VerificationRules.CmdletParameter, "$z = Join-Path -Path 'a' -ChildPath 'b' -AdditionalChildPath 'c'", "-AdditionalChildPath"),
        new(VerificationRules.CmdletParameter, "$z = Test-Path -Lit 'a'", "-Lit"),
        new(VerificationRules.UnusedFunction, "function Get-AovpnNeverCalled { return 1 }", "function"),
        new(VerificationRules.TypeNotAllowed, "$z = New-Object -TypeName System.Net.Sockets.TcpClient", "System.Net"),
        new(VerificationRules.StdoutContract, "Write-Output 'x'", "Write-Output"),
        new(VerificationRules.StdoutContract, "[Console]::WriteLine('x')", "["),
        new(VerificationRules.StdoutContract, "[System.Console]::Out.Flush()", "["),
        new(VerificationRules.StdoutContract, "'x' | Out-Host", "Out-Host"),
        new(VerificationRules.ExitCode, "exit 1", "exit"),
        new(VerificationRules.ExitCode, "[Environment]::Exit(1)", "["),
        new(VerificationRules.ParseError, "$z = 1 2", "2"),
    ];

    [Fact]
    public void One_injected_construct_yields_exactly_its_rule_at_its_position()
    {
        var clean = Encoding.ASCII.GetString(Fixture.Load("Clean.ps1").Content);
        var lines = clean.Split("\r\n");
        var slots = StatementSlots(clean);
        var failures = new List<string>();
        var used = new HashSet<Construct>();

        for (var seed = 0; seed < Seeds; seed++)
        {
            var random = new Random(seed);
            var construct = Constructs[random.Next(Constructs.Length)];
            var (line, indent) = slots[random.Next(slots.Count)];
            used.Add(construct);

            var script = string.Join("\r\n", lines[..(line - 1)]) + "\r\n"
                + indent + construct.Statement + construct.LineEnd
                + string.Join("\r\n", lines[(line - 1)..]);
            var expected = new ExpectedFinding(construct.Rule, line, indent.Length + construct.Column);
            var found = Scripts.Verifier.Verify("fuzz.ps1", Encoding.UTF8.GetBytes(script), ScriptRole.PackageScript);

            if (found.Count != 1 || ExpectedFinding.Of(found[0]) != expected)
            {
                failures.Add($"seed {seed}: '{construct.Statement}' before line {line}: expected {expected}, got [{string.Join("; ", found)}]");
            }
        }

        Assert.Empty(failures);
        Assert.Equal(Constructs.Length, used.Count);
    }

    [Fact]
    public void The_clean_fixture_offers_enough_injection_points() =>
        Assert.True(StatementSlots(Encoding.ASCII.GetString(Fixture.Load("Clean.ps1").Content)).Count >= 30);

    /// <summary>Lines where a statement inside a function body starts its line: a new line before it is a new statement.</summary>
    private static List<(int Line, string Indent)> StatementSlots(string script)
    {
        var ast = Parser.ParseInput(script, out _, out _);
        var lines = script.Split("\r\n");
        return ast.FindAll(node => node is StatementAst { Parent: NamedBlockAst or StatementBlockAst } && IsInFunction(node), searchNestedScriptBlocks: true)
            .Select(node => (Line: node.Extent.StartLineNumber, Indent: lines[node.Extent.StartLineNumber - 1][..(node.Extent.StartColumnNumber - 1)]))
            .Where(slot => slot.Indent.All(c => c == ' '))
            .Distinct()
            .ToList();
    }

    private static bool IsInFunction(Ast node)
    {
        for (var parent = node.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is FunctionDefinitionAst)
            {
                return true;
            }
        }

        return false;
    }
}
