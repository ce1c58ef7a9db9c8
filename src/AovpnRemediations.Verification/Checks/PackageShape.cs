using System.Management.Automation.Language;

namespace AovpnRemediations.Verification.Checks;

/// <summary>
/// The top level of a package script: function definitions, <c>Set-StrictMode</c>, and last the guard
/// <c>if ($MyInvocation.InvocationName -ne '.') { ... }</c>, so that dot-sourcing the script runs nothing.
/// </summary>
internal static class PackageShape
{
    public const string EntryPoint = "Invoke-AovpnMain";

    /// <summary>
    /// Reports MissingEntryPoint and top-level code; returns the guard block (the last guard-shaped top-level statement,
    /// reported when it is not the last statement), or null when there is none.
    /// </summary>
    public static IfStatementAst? Check(ScriptBlockAst script, FindingList findings)
    {
        var statements = TopLevelStatements(script).ToList();
        var guard = statements.OfType<IfStatementAst>().LastOrDefault(IsGuard);
        var hasEntryPoint = false;
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case FunctionDefinitionAst function:
                    hasEntryPoint |= !function.IsFilter && !function.IsWorkflow
                        && string.Equals(function.Name, EntryPoint, StringComparison.OrdinalIgnoreCase);
                    break;
                case ExitStatementAst:
                    break; // ExitCode reports it; one construct, one finding.
                case PipelineAst pipeline when IsSetStrictMode(pipeline):
                    break;
                case IfStatementAst ifStatement when ifStatement == guard:
                    if (guard != statements[^1])
                    {
                        findings.Add(statement.Extent, VerificationRules.StdoutContract, "the guard block must be the script's last statement.");
                    }

                    break;
                default:
                    findings.Add(statement.Extent, VerificationRules.StdoutContract,
                        "top-level code runs when the script is dot-sourced; only functions, Set-StrictMode and the final guard block may stand at top level.");
                    break;
            }
        }

        if (!hasEntryPoint)
        {
            findings.Add(1, 1, VerificationRules.MissingEntryPoint,
                $"no top-level 'function {EntryPoint}': tests and the guard block call it to run the package.");
        }

        if (guard is null)
        {
            // Reported where the guard belongs: without it the script prints nothing and Intune reads "no issue".
            findings.Add(script.Extent.EndLineNumber, script.Extent.EndColumnNumber, VerificationRules.MissingEntryPoint,
                "the script does not end with the guard block: if ($MyInvocation.InvocationName -ne '.') { $r = Invoke-AovpnMain; ... }.");
        }

        return guard;
    }

    private static IEnumerable<StatementAst> TopLevelStatements(ScriptBlockAst script) =>
        new[] { script.BeginBlock, script.ProcessBlock, script.EndBlock, script.CleanBlock }
            .Where(block => block is not null)
            .SelectMany(block => block!.Statements);

    private static bool IsSetStrictMode(PipelineAst pipeline) =>
        pipeline.PipelineElements is [CommandAst command]
        && string.Equals(command.GetCommandName(), "Set-StrictMode", StringComparison.OrdinalIgnoreCase);

    /// <summary>Matches exactly <c>if ($MyInvocation.InvocationName -ne '.') { ... }</c>: one clause, no else.</summary>
    private static bool IsGuard(IfStatementAst statement) =>
        statement is { Clauses.Count: 1, ElseClause: null }
        && statement.Clauses[0].Item1 is PipelineAst condition
        && condition.GetPureExpression() is BinaryExpressionAst
        {
            Operator: TokenKind.Ine,
            Left: MemberExpressionAst
            {
                Static: false,
                Expression: VariableExpressionAst variable,
                Member: StringConstantExpressionAst { Value: var member },
            },
            Right: StringConstantExpressionAst { Value: "." },
        }
        && string.Equals(variable.VariablePath.UserPath, "MyInvocation", StringComparison.OrdinalIgnoreCase)
        && string.Equals(member, "InvocationName", StringComparison.OrdinalIgnoreCase);
}
