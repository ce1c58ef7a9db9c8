using System.Collections.Frozen;
using System.Globalization;
using System.Management.Automation.Language;
using AovpnRemediations.Verification.Allowlists;

namespace AovpnRemediations.Verification.Checks;

/// <summary>
/// The CmdletParameter rule: every parameter a script passes by name, or by a splatted hashtable literal, must be one
/// the command takes: for an inbox command the Windows PowerShell 5.1 list in cmdlet-parameters.txt plus the common
/// parameters, for a function the script defines the parameters it declares. Names are spelled out: an
/// abbreviation (<c>-Lit</c>) is refused even where PowerShell would bind it.
/// </summary>
internal sealed class Parameters(CmdletParameterList lists, Functions functions, FindingList findings)
{
    private static readonly FrozenSet<string> ShouldProcess = new[] { "WhatIf", "Confirm" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private readonly List<(CommandAst Call, string Name)> calls = [];

    public void Call(CommandAst call, string name) => calls.Add((call, name));

    /// <summary>Runs after the walk: a call may name a function the script defines further down.</summary>
    /// <param name="isAllowedCommand">Whether the name is on an allow-list; calls to other commands are CommandNotAllowed's alone.</param>
    public void Report(Func<string, bool> isAllowedCommand)
    {
        foreach (var (call, name) in calls)
        {
            var passed = Passed(call).ToList();
            if (passed.Count == 0)
            {
                continue;
            }

            if (functions.IsDefined(name))
            {
                CheckFunction(name, passed);
            }
            else if (lists.Find(name) is { } command)
            {
                foreach (var (at, parameter, how) in passed)
                {
                    CheckCmdlet(command, at, parameter, how);
                }
            }
            else if (isAllowedCommand(name) && !name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
            {
                var (at, parameter, how) = passed[0];
                findings.Add(at, VerificationRules.CmdletParameter,
                    $"{how} -{parameter} to {name}, which has no Windows PowerShell 5.1 parameter list in {AllowlistSet.ParametersFile}; add its section from its 5.1 page on learn.microsoft.com.");
            }
        }
    }

    /// <summary>The parameters a call passes by name, and the keys of hashtable literals it splats.</summary>
    private static IEnumerable<(IScriptExtent At, string Name, string How)> Passed(CommandAst call)
    {
        var elements = call.CommandElements;
        for (var i = 1; i < elements.Count; i++)
        {
            switch (elements[i])
            {
                // ForEach-Object -Parallel is Ps7Syntax's finding.
                case CommandParameterAst parameter when !AstChecks.IsParallel(parameter):
                    yield return (parameter.Extent, parameter.ParameterName, "passes");
                    break;
                case VariableExpressionAst { Splatted: true } splat:
                    foreach (var key in SplatKeys(call, splat))
                    {
                        yield return (key.Extent, key.Value, $"splats (@{splat.VariablePath.UserPath})");
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// The keys of <c>$v = @{ Key = ... }</c>, <c>$v['Key'] = ...</c> and <c>$v.Key = ...</c> in the scriptblock that makes
    /// the call; nothing when <c>$v</c> gets any other value there, since its keys are then not known from the text.
    /// </summary>
    private static List<StringConstantExpressionAst> SplatKeys(CommandAst call, VariableExpressionAst splat)
    {
        var name = splat.VariablePath.UserPath;
        Ast scope = call;
        while (scope.Parent is not null && scope is not ScriptBlockAst)
        {
            scope = scope.Parent;
        }

        var keys = new List<StringConstantExpressionAst>();
        foreach (var assignment in scope.FindAll(node => node is AssignmentStatementAst, searchNestedScriptBlocks: false).Cast<AssignmentStatementAst>())
        {
            switch (assignment.Left)
            {
                case VariableExpressionAst variable when IsVariable(variable, name):
                    if (assignment.Operator != TokenKind.Equals
                        || PureExpression(assignment.Right) is not HashtableAst table
                        || table.KeyValuePairs.Any(pair => pair.Item1 is not StringConstantExpressionAst))
                    {
                        return [];
                    }

                    keys.AddRange(table.KeyValuePairs.Select(pair => (StringConstantExpressionAst)pair.Item1));
                    break;
                case IndexExpressionAst { Target: VariableExpressionAst variable, Index: var index } when IsVariable(variable, name):
                    if (index is not StringConstantExpressionAst key)
                    {
                        return [];
                    }

                    keys.Add(key);
                    break;
                case MemberExpressionAst { Expression: VariableExpressionAst variable, Member: var member } when IsVariable(variable, name):
                    if (member is not StringConstantExpressionAst memberKey)
                    {
                        return [];
                    }

                    keys.Add(memberKey);
                    break;
            }
        }

        return keys;
    }

    private static ExpressionAst? PureExpression(StatementAst statement) => statement switch
    {
        CommandExpressionAst command => command.Expression,
        PipelineAst pipeline => pipeline.GetPureExpression(),
        _ => null,
    };

    private static bool IsVariable(VariableExpressionAst variable, string name) =>
        string.Equals(variable.VariablePath.UserPath, name, StringComparison.OrdinalIgnoreCase);

    private void CheckCmdlet(CommandParameters command, IScriptExtent at, string parameter, string how)
    {
        if (command.Canonical(parameter) is not null || lists.Common.Canonical(parameter) is not null)
        {
            return;
        }

        var completions = command.Completions(parameter).Concat(lists.Common.Completions(parameter)).ToList();
        findings.Add(at, VerificationRules.CmdletParameter, completions.Count > 0
            ? $"{how} -{parameter}, an abbreviation of {Options(completions)} of {command.Command}; spell the parameter out."
            : $"{how} -{parameter}, which {command.Command} does not take in Windows PowerShell 5.1 ({command.DocUrl}); use a parameter the page lists.");
    }

    private void CheckFunction(string name, List<(IScriptExtent At, string Name, string How)> passed)
    {
        var definitions = functions.DefinitionsOf(name);
        var declared = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in definitions)
        {
            if (!AddDeclared(definition, declared))
            {
                return; // $args or ValueFromRemainingArguments takes anything
            }
        }

        var line = definitions[^1].Extent.StartLineNumber.ToString(CultureInfo.InvariantCulture);
        foreach (var (at, parameter, how) in passed)
        {
            if (declared.ContainsKey(parameter))
            {
                continue;
            }

            var completions = declared.Where(pair => pair.Key.StartsWith(parameter, StringComparison.OrdinalIgnoreCase)).Select(pair => pair.Value).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
            findings.Add(at, VerificationRules.CmdletParameter, completions.Count > 0
                ? $"{how} -{parameter}, an abbreviation of {Options(completions)} of function {name}; spell the parameter out."
                : $"{how} -{parameter}, which function {name} (line {line}) does not declare; pass one of its parameters or declare it.");
        }
    }

    /// <summary>Adds what <paramref name="function"/> accepts by name; false when it accepts any name.</summary>
    private bool AddDeclared(FunctionDefinitionAst function, Dictionary<string, string> declared)
    {
        var parameters = function.Body.ParamBlock?.Parameters ?? function.Parameters ?? [];
        if (parameters.Count == 0 && function.Body.Find(node => node is VariableExpressionAst variable && IsVariable(variable, "args"), searchNestedScriptBlocks: false) is not null)
        {
            return false;
        }

        var advanced = function.Body.ParamBlock?.Attributes.Any(attribute => IsAttribute(attribute, "CmdletBinding")) == true;
        foreach (var parameter in parameters)
        {
            var parameterName = parameter.Name.VariablePath.UserPath;
            declared.TryAdd(parameterName, parameterName);
            foreach (var attribute in parameter.Attributes.OfType<AttributeAst>())
            {
                if (IsAttribute(attribute, "Parameter"))
                {
                    advanced = true;
                    if (attribute.NamedArguments.Any(argument => string.Equals(argument.ArgumentName, "ValueFromRemainingArguments", StringComparison.OrdinalIgnoreCase)))
                    {
                        return false;
                    }
                }
                else if (IsAttribute(attribute, "Alias"))
                {
                    foreach (var alias in attribute.PositionalArguments.OfType<StringConstantExpressionAst>())
                    {
                        declared.TryAdd(alias.Value, parameterName);
                    }
                }
            }
        }

        if (advanced)
        {
            foreach (var common in lists.Common.Names)
            {
                declared.TryAdd(common.Key, common.Value);
            }

            var shouldProcess = function.Body.ParamBlock?.Attributes.Any(attribute => IsAttribute(attribute, "CmdletBinding")
                && attribute.NamedArguments.Any(argument => string.Equals(argument.ArgumentName, "SupportsShouldProcess", StringComparison.OrdinalIgnoreCase))) == true;
            foreach (var name in shouldProcess ? ShouldProcess : [])
            {
                declared.TryAdd(name, name);
            }
        }

        return true;
    }

    private static bool IsAttribute(AttributeAst attribute, string name) =>
        string.Equals(attribute.TypeName.Name, name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(attribute.TypeName.Name, name + "Attribute", StringComparison.OrdinalIgnoreCase);

    private static string Options(List<string> names) => string.Join(" or ", names.Select(name => "-" + name));
}
