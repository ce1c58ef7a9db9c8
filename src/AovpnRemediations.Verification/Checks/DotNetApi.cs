using System.Management.Automation.Language;
using AovpnRemediations.Verification.Allowlists;
using AovpnRemediations.Verification.DotNet;

namespace AovpnRemediations.Verification.Checks;

/// <summary>
/// The NotInNetFramework48 rule and the type policy (TypeNotAllowed): every type literal, <c>New-Object</c> type and
/// constructor, <c>[Type]::new(...)</c> and static member <c>[Type]::Member</c> must exist on a Windows PowerShell 5.1
/// endpoint, as the reference assemblies say (<see cref="ReferenceIndex"/>); and must not be on the short policy list.
/// </summary>
internal sealed class DotNetApi(TypeResolver resolver, FindingList findings)
{
    private const string Where = "in the .NET Framework 4.8 assemblies Windows PowerShell 5.1 loads or its System.Management.Automation";

    // A type a script defines itself (class, enum) is not in any assembly; its uses are dropped once the walk has seen it.
    private readonly HashSet<string> scriptTypes = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Name, IScriptExtent At, string Message)> missing = [];

    public void DefineScriptType(string name) => scriptTypes.Add(name);

    /// <summary>Checks a type name where it is written; returns what it resolves to when it is one plain (non-array) type.</summary>
    public ResolvedType? CheckType(ITypeName typeName, IScriptExtent at, bool attribute = false, Ast? context = null) =>
        CheckType(typeName, typeName, at, attribute, context);

    private ResolvedType? CheckType(ITypeName typeName, ITypeName whole, IScriptExtent at, bool attribute, Ast? context)
    {
        switch (typeName)
        {
            case ArrayTypeName array:
                CheckType(array.ElementType, whole, at, attribute: false, context: null);
                return null;
            case GenericTypeName generic:
                foreach (var argument in generic.GenericArguments)
                {
                    CheckType(argument, whole, at, attribute: false, context: null);
                }

                return CheckOne(TypeResolver.NameOf(generic.TypeName), generic.GenericArguments.Count, whole, at, attribute, context);
            default:
                return CheckOne(TypeResolver.NameOf(typeName), 0, whole, at, attribute, context);
        }
    }

    /// <summary>What a type name resolves to, reporting nothing (the type literal's own check reports).</summary>
    public ResolvedType? Resolve(ITypeName typeName) => typeName switch
    {
        ArrayTypeName => null,
        GenericTypeName generic => resolver.Resolve(TypeResolver.NameOf(generic.TypeName), generic.GenericArguments.Count),
        _ => resolver.Resolve(TypeResolver.NameOf(typeName)),
    };

    /// <summary><c>[Type]::Member</c> and <c>[Type]::Method(args)</c>: a public static member here or in a base type.</summary>
    public void CheckStaticMember(TypeExpressionAst type, string member, MemberExpressionAst access)
    {
        if (Resolve(type.TypeName) is not { Type: { } target } resolved)
        {
            return;
        }

        var written = $"[{type.TypeName.FullName}]::{member}";
        if (ForbiddenTypes.ReasonFor(resolved.FullName, member) is { } reason)
        {
            findings.Add(access.Extent, VerificationRules.TypeNotAllowed, $"{written} is not allowed in generated scripts: {reason}.");
            return;
        }

        if (access is InvokeMemberExpressionAst invoke)
        {
            var count = invoke.Arguments?.Count ?? 0;
            if (string.Equals(member, "new", StringComparison.OrdinalIgnoreCase))
            {
                CheckConstructor(target, count, access.Extent, $"{written}()");
                return;
            }

            var overloads = target.StaticMethodArities(member);
            if (overloads.Count == 0)
            {
                findings.Add(access.Extent, VerificationRules.NotInNetFramework48,
                    $"{written}(): {target.FullName} has no public static method {member} {Where} (it may be newer .NET); call one that .NET Framework 4.8 has.");
            }
            else if (!overloads.Any(arity => arity.Accepts(count)))
            {
                findings.Add(access.Extent, VerificationRules.NotInNetFramework48,
                    $"{written}() with {Arguments(count)}: no overload of {target.FullName}.{member} in .NET Framework 4.8 takes that many (they take {Counts(overloads)}); pass what one of them takes.");
            }

            return;
        }

        if (!string.Equals(member, "new", StringComparison.OrdinalIgnoreCase) && !target.HasStaticMember(member))
        {
            findings.Add(access.Extent, VerificationRules.NotInNetFramework48,
                $"{written}: {target.FullName} has no public static field, property or method {member} {Where} (it may be newer .NET, or an instance member); use one that .NET Framework 4.8 has.");
        }
    }

    /// <summary><c>New-Object -TypeName X [-ArgumentList ...]</c>: the type, and a constructor for the argument count where the syntax tells it.</summary>
    public void CheckNewObject(ITypeName typeName, IScriptExtent at, int? argumentCount)
    {
        if (CheckType(typeName, at) is { Type: { } target } && argumentCount is { } count)
        {
            CheckConstructor(target, count, at, $"New-Object {typeName.FullName}");
        }
    }

    /// <summary>Runs after the walk, when every class the script defines is known.</summary>
    public void Report()
    {
        foreach (var (name, at, message) in missing)
        {
            if (!scriptTypes.Contains(name))
            {
                findings.Add(at, VerificationRules.NotInNetFramework48, message);
            }
        }
    }

    private ResolvedType? CheckOne(string name, int arity, ITypeName whole, IScriptExtent at, bool attribute, Ast? context)
    {
        var within = string.Equals(whole.FullName, name, StringComparison.OrdinalIgnoreCase) ? "" : $" (in [{whole.FullName}])";
        if (arity == 0 && !attribute && string.Equals(name, TypeAccelerators.Ordered, StringComparison.OrdinalIgnoreCase))
        {
            if (context is TypeConstraintAst { Parent: ConvertExpressionAst { Child: HashtableAst } })
            {
                return new ResolvedType(TypeAccelerators.OrderedFullName, null);
            }

            findings.Add(at, VerificationRules.NotInNetFramework48,
                $"[ordered]{within} is no type in Windows PowerShell 5.1: it is valid only directly before a hashtable literal ([ordered]@{{ ... }}); write [System.Collections.Specialized.OrderedDictionary].");
            return null;
        }

        if (resolver.Resolve(name, arity, attribute) is not { } resolved)
        {
            var written = arity == 0 ? name : $"{name} with {arity} type argument{(arity == 1 ? "" : "s")}";
            var message = arity == 0 && TypeAccelerators.AddedAfter51.TryGetValue(name, out var instead)
                ? $"[{name}]{within} is a type accelerator of PowerShell 6 and later only; Windows PowerShell 5.1 does not know it: write {(instead.StartsWith("System.", StringComparison.Ordinal) ? $"[{instead}]" : instead)}."
                : $"[{written}]{within} is not a type Windows PowerShell 5.1 can find: no 5.1 type accelerator ({TypeAccelerators.SourceUrl}) and no public type {Candidates(name)} {Where}; use a type that exists there.";
            missing.Add((name, at, message));
            return null;
        }

        if (ForbiddenTypes.ReasonFor(resolved.FullName) is { } reason)
        {
            var alias = string.Equals(name, resolved.FullName, StringComparison.OrdinalIgnoreCase) ? "" : $" ({resolved.FullName})";
            findings.Add(at, VerificationRules.TypeNotAllowed, $"[{name}]{alias}{within} is not allowed in generated scripts: {reason}.");
        }

        return resolved;
    }

    private void CheckConstructor(ReferenceType target, int count, IScriptExtent at, string written)
    {
        var constructors = target.Constructors;
        if (constructors.Any(arity => arity.Accepts(count)) || (count == 0 && target.IsValueType))
        {
            return;
        }

        findings.Add(at, VerificationRules.NotInNetFramework48, constructors.Count == 0
            ? $"{written}: {target.FullName} has no public constructor in .NET Framework 4.8 (static, abstract or an interface); get an instance another way."
            : $"{written} with {Arguments(count)}: no public constructor of {target.FullName} in .NET Framework 4.8 takes that many (they take {Counts(constructors)}); pass what one of them takes.");
    }

    private static string Candidates(string name) =>
        name.StartsWith("System.", StringComparison.OrdinalIgnoreCase) ? name : $"{name} or System.{name}";

    private static string Arguments(int count) => count == 1 ? "1 argument" : $"{count} arguments";

    private static string Counts(IEnumerable<Arity> arities)
    {
        var distinct = arities.Distinct().OrderBy(arity => arity.Required).ThenBy(arity => arity.Maximum).Select(arity => arity.ToString()).Distinct().ToList();
        return distinct.Count == 1 ? distinct[0] : string.Join(", ", distinct[..^1]) + " or " + distinct[^1];
    }
}
