using System.Management.Automation.Language;
using AovpnRemediations.Verification.Allowlists;
using AovpnRemediations.Verification.DotNet;

namespace AovpnRemediations.Verification.Checks;

/// <summary>
/// Every AST rule in one walk of the tree. Command names, parameters, unused functions and missing types are resolved
/// after the walk, because a script may call a function (or name a class) it defines further down.
/// </summary>
internal sealed class AstChecks : AstVisitor2
{
    private static readonly HashSet<string> ForEachNames = new(StringComparer.OrdinalIgnoreCase) { "ForEach-Object", "foreach", "%" };
    private static readonly HashSet<string> StdoutCommands = new(StringComparer.OrdinalIgnoreCase) { "Write-Output", "Out-Host" };
    private static readonly HashSet<string> ConsoleStdoutMembers = new(StringComparer.OrdinalIgnoreCase) { "WriteLine", "Write", "Out", "OpenStandardOutput" };

    private readonly ScriptRole role;
    private readonly AllowlistSet allowlists;
    private readonly FindingList findings;
    private readonly IScriptExtent? guard;
    private readonly Functions functions = new();
    private readonly Parameters parameters;
    private readonly DotNetApi dotNet;
    private readonly List<(IScriptExtent At, string Name)> commandCalls = [];

    private AstChecks(ScriptRole role, AllowlistSet allowlists, TypeResolver types, FindingList findings, IScriptExtent? guard)
    {
        this.role = role;
        this.allowlists = allowlists;
        this.findings = findings;
        this.guard = guard;
        parameters = new Parameters(allowlists.Parameters, functions, findings);
        dotNet = new DotNetApi(types, findings);
    }

    private bool IsPackage => role == ScriptRole.PackageScript;

    public static void Run(ScriptBlockAst script, ScriptRole role, AllowlistSet allowlists, TypeResolver types, FindingList findings)
    {
        var guard = role == ScriptRole.PackageScript ? PackageShape.Check(script, findings) : null;
        var checks = new AstChecks(role, allowlists, types, findings, guard?.Extent);
        script.Visit(checks);
        checks.ResolveCommands();
        checks.functions.Report(findings);
        checks.parameters.Report(checks.IsAllowedCommand);
        checks.dotNet.Report();
    }

    // ---- PowerShell 7 syntax -------------------------------------------------------------------------------

    public override AstVisitAction VisitTernaryExpression(TernaryExpressionAst ast) =>
        Ps7(ast.Extent, "ternary 'a ? b : c'", "$x = if (c) { a } else { b }");

    public override AstVisitAction VisitPipelineChain(PipelineChainAst ast) =>
        Ps7(ast.Extent, $"pipeline chain '{(ast.Operator == TokenKind.AndAnd ? "&&" : "||")}'", "separate statements with if ($?) { ... } or try/catch");

    public override AstVisitAction VisitBinaryExpression(BinaryExpressionAst ast) =>
        ast.Operator == TokenKind.QuestionQuestion
            ? Ps7(ast.Extent, "null-coalescing '??'", "if ($null -eq $a) { $b } else { $a }")
            : AstVisitAction.Continue;

    public override AstVisitAction VisitAssignmentStatement(AssignmentStatementAst ast) =>
        ast.Operator == TokenKind.QuestionQuestionEquals
            ? Ps7(ast.Extent, "null-coalescing assignment '??='", "if ($null -eq $a) { $a = $b }")
            : AstVisitAction.Continue;

    public override AstVisitAction VisitIndexExpression(IndexExpressionAst ast) =>
        ast.NullConditional
            ? Ps7(ast.Extent, "null-conditional index '?[]'", "if ($null -ne $a) { $a[$i] }")
            : AstVisitAction.Continue;

    public override AstVisitAction VisitMemberExpression(MemberExpressionAst ast) => CheckMember(ast);

    public override AstVisitAction VisitInvokeMemberExpression(InvokeMemberExpressionAst ast)
    {
        CultureSensitiveStrings.Check(ast, findings);
        return CheckMember(ast);
    }

    public override AstVisitAction VisitScriptBlock(ScriptBlockAst ast) =>
        ast.CleanBlock is { } clean
            ? Ps7(clean.Extent, "'clean {}' block (PowerShell 7.3)", "try/finally in the end block")
            : AstVisitAction.Continue;

    public override AstVisitAction VisitCommandParameter(CommandParameterAst ast) =>
        IsParallel(ast)
            ? Ps7(ast.Extent, "'-Parallel' (ForEach-Object -Parallel)", "a foreach loop")
            : AstVisitAction.Continue;

    private AstVisitAction Ps7(IScriptExtent at, string construct, string alternative)
    {
        findings.Add(at, VerificationRules.Ps7Syntax, $"{construct} is PowerShell 7 only; in Windows PowerShell 5.1 write {alternative}.");
        return AstVisitAction.Continue;
    }

    internal static bool IsParallel(CommandParameterAst parameter)
    {
        var name = parameter.ParameterName;
        if (string.Equals(name, "Parallel", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // ForEach-Object binds any unambiguous prefix (-Par) to -Parallel in PowerShell 7.
        return name.Length >= 2
            && "Parallel".StartsWith(name, StringComparison.OrdinalIgnoreCase)
            && parameter.Parent is CommandAst command
            && command.GetCommandName() is { } commandName
            && ForEachNames.Contains(commandName);
    }

    // ---- Members: null-conditional access, stdout and process exit through .NET ----------------------------

    private AstVisitAction CheckMember(MemberExpressionAst ast)
    {
        if (ast.NullConditional)
        {
            Ps7(ast.Extent, "null-conditional member access '?.'", "if ($null -ne $a) { $a.Member }");
        }

        if (ast is not { Static: true, Expression: TypeExpressionAst type, Member: StringConstantExpressionAst { Value: var member } })
        {
            return AstVisitAction.Continue;
        }

        dotNet.CheckStaticMember(type, member, ast);
        var typeName = dotNet.Resolve(type.TypeName)?.FullName;
        if (IsPackage && typeName == "System.Console" && ConsoleStdoutMembers.Contains(member) && !InGuard(ast))
        {
            findings.Add(ast.Extent, VerificationRules.StdoutContract,
                $"[Console]::{member} writes to stdout outside the final guard block; return data from Invoke-AovpnMain instead.");
        }

        if (IsPackage && typeName == "System.Environment" && string.Equals(member, "Exit", StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(ast.Extent, VerificationRules.ExitCode,
                "[Environment]::Exit ends the host process; return the exit code from Invoke-AovpnMain and let the guard block exit.");
        }

        return AstVisitAction.Continue;
    }

    // ---- Exit codes -----------------------------------------------------------------------------------------

    public override AstVisitAction VisitExitStatement(ExitStatementAst ast)
    {
        if (!IsPackage)
        {
            return AstVisitAction.Continue;
        }

        if (!InGuard(ast))
        {
            findings.Add(ast.Extent, VerificationRules.ExitCode,
                "exit outside the final guard block ends the caller's session when the script is dot-sourced; return the exit code from Invoke-AovpnMain.");
        }
        else if (ExitLiteral(ast) is { } literal && literal is not ("0" or "1"))
        {
            findings.Add(ast.Extent, VerificationRules.ExitCode,
                $"exit {literal}: Intune reads 1 as 'issue found' and anything else as 'no issue'; exit 0 or 1.");
        }

        return AstVisitAction.Continue;
    }

    private static string? ExitLiteral(ExitStatementAst exit) => exit.Pipeline?.GetPureExpression() switch
    {
        ConstantExpressionAst constant => Convert.ToString(constant.Value, System.Globalization.CultureInfo.InvariantCulture),
        UnaryExpressionAst { Child: ConstantExpressionAst } unary => unary.Extent.Text,
        _ => null,
    };

    private bool InGuard(Ast ast) =>
        guard is not null && ast.Extent.StartOffset >= guard.StartOffset && ast.Extent.EndOffset <= guard.EndOffset;

    // ---- Types ----------------------------------------------------------------------------------------------

    public override AstVisitAction VisitTypeExpression(TypeExpressionAst ast)
    {
        dotNet.CheckType(ast.TypeName, ast.Extent, context: ast);
        return AstVisitAction.Continue;
    }

    public override AstVisitAction VisitTypeConstraint(TypeConstraintAst ast)
    {
        dotNet.CheckType(ast.TypeName, ast.Extent, context: ast);
        return AstVisitAction.Continue;
    }

    public override AstVisitAction VisitAttribute(AttributeAst ast)
    {
        dotNet.CheckType(ast.TypeName, ast.Extent, attribute: true, context: ast);
        return AstVisitAction.Continue;
    }

    public override AstVisitAction VisitTypeDefinition(TypeDefinitionAst ast)
    {
        dotNet.DefineScriptType(ast.Name);
        return AstVisitAction.Continue;
    }

    /// <summary><c>New-Object</c> names its type in a string, which type literal checks would not see.</summary>
    private void CheckNewObject(CommandAst command)
    {
        var (typeName, argumentList, comObject) = NewObjectArguments.Bind(command);
        if (comObject is not null)
        {
            findings.Add(comObject.Extent, VerificationRules.TypeNotAllowed,
                "New-Object -ComObject: COM objects are not allowed in generated scripts (no reference assembly describes them); use the platform layer.");
        }

        switch (typeName)
        {
            case null:
                break;
            case StringConstantExpressionAst literal when NewObjectArguments.ParseTypeName(literal.Value) is { } parsed:
                dotNet.CheckNewObject(parsed, literal.Extent, NewObjectArguments.ArgumentCount(argumentList));
                break;
            case StringConstantExpressionAst literal:
                findings.Add(literal.Extent, VerificationRules.TypeNotAllowed, $"New-Object type '{literal.Value}' is not a type name.");
                break;
            default:
                findings.Add(typeName.Extent, VerificationRules.TypeNotAllowed,
                    $"New-Object type '{typeName.Extent.Text}' is not a literal type name; verification cannot check it against .NET Framework 4.8.");
                break;
        }
    }

    // ---- Commands -------------------------------------------------------------------------------------------

    public override AstVisitAction VisitFunctionDefinition(FunctionDefinitionAst ast)
    {
        functions.Define(ast);
        return AstVisitAction.Continue;
    }

    public override AstVisitAction VisitCommand(CommandAst ast)
    {
        var nameElement = ast.CommandElements[0];
        var name = ast.GetCommandName();
        if (name is null)
        {
            // '& $check' and '& { }' run a scriptblock; any other computed name could be any command.
            if (nameElement is not (VariableExpressionAst or ScriptBlockExpressionAst))
            {
                findings.Add(nameElement.Extent, VerificationRules.CommandNotAllowed,
                    $"command name {nameElement.Extent.Text} is computed at run time; call a literal command name or a scriptblock variable.");
            }

            return AstVisitAction.Continue;
        }

        if (string.Equals(name, "Write-Host", StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(nameElement.Extent, VerificationRules.WriteHost,
                "Write-Host displaces the result line Intune keeps; return data from Invoke-AovpnMain (Write-Verbose for diagnostics).");
            return AstVisitAction.Continue;
        }

        if (IsPackage && StdoutCommands.Contains(name) && !InGuard(ast))
        {
            findings.Add(nameElement.Extent, VerificationRules.StdoutContract,
                $"{name} outside the final guard block: stdout must end with the one result line; return data from Invoke-AovpnMain instead.");
        }

        if (string.Equals(name, "New-Object", StringComparison.OrdinalIgnoreCase))
        {
            CheckNewObject(ast);
        }

        commandCalls.Add((nameElement.Extent, name));
        functions.Call(ast, name);
        parameters.Call(ast, name);
        return AstVisitAction.Continue;
    }

    private bool IsAllowedCommand(string name) =>
        allowlists.PackageCommands.Contains(name) || (!IsPackage && allowlists.ConfigMgrCommands.Contains(name));

    private void ResolveCommands()
    {
        foreach (var (at, name) in commandCalls)
        {
            if (CommandProblem(name) is { } problem)
            {
                findings.Add(at, VerificationRules.CommandNotAllowed, problem);
            }
        }
    }

    private string? CommandProblem(string name)
    {
        if (ForbiddenCommands.TryGetReason(name, out var reason))
        {
            return $"{name} is never allowed: {reason}.";
        }

        if (functions.IsDefined(name) || allowlists.PackageCommands.Contains(name))
        {
            return null;
        }

        if (allowlists.ConfigMgrCommands.Contains(name))
        {
            return IsPackage ? $"{name} is allowed only in the ConfigMgr import script." : null;
        }

        return $"{name} is not on the allow-list of Windows PowerShell 5.1 inbox commands ({AllowlistSet.CommandsFile}) nor a function this script defines.";
    }
}
