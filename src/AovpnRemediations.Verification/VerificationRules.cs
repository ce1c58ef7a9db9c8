namespace AovpnRemediations.Verification;

/// <summary>The stable rule names a <see cref="VerificationFinding"/> carries; build logs and tests match on them.</summary>
public static class VerificationRules
{
    /// <summary>The PowerShell parser rejected the script.</summary>
    public const string ParseError = "ParseError";

    /// <summary>Syntax that PowerShell 7 accepts and Windows PowerShell 5.1 does not.</summary>
    public const string Ps7Syntax = "Ps7Syntax";

    /// <summary>A character outside ASCII.</summary>
    public const string NonAscii = "NonAscii";

    /// <summary>A UTF-8 or UTF-16 byte order mark at the start.</summary>
    public const string ByteOrderMark = "ByteOrderMark";

    /// <summary>A bare LF or bare CR; scripts are CRLF.</summary>
    public const string LineEnding = "LineEnding";

    /// <summary>A call to <c>Write-Host</c>.</summary>
    public const string WriteHost = "WriteHost";

    /// <summary>A command that is neither on the allow-list nor defined by the script.</summary>
    public const string CommandNotAllowed = "CommandNotAllowed";

    /// <summary>
    /// A .NET type or static member that exists but that generated scripts may not use (network I/O, code loading,
    /// processes: Allowlists/ForbiddenTypes.cs), a COM object, or a New-Object type that is not a literal type name.
    /// </summary>
    public const string TypeNotAllowed = "TypeNotAllowed";

    /// <summary>
    /// A type, constructor or static member that a Windows PowerShell 5.1 endpoint does not have: checked against the
    /// .NET Framework 4.8 reference assemblies that 5.1 loads, PowerShell Standard's System.Management.Automation and
    /// 5.1's type accelerators.
    /// </summary>
    public const string NotInNetFramework48 = "NotInNetFramework48";

    /// <summary>A parameter the called command does not take in Windows PowerShell 5.1 (or the called script function does not declare), or an abbreviated one.</summary>
    public const string CmdletParameter = "CmdletParameter";

    /// <summary>A function defined more than once in one script; the last definition silently wins.</summary>
    public const string DuplicateFunction = "DuplicateFunction";

    /// <summary>A function the script defines and never calls.</summary>
    public const string UnusedFunction = "UnusedFunction";

    /// <summary>A package script without a top-level <c>function Invoke-AovpnMain</c>, or without the final guard block that calls it.</summary>
    public const string MissingEntryPoint = "MissingEntryPoint";

    /// <summary>A script larger than <see cref="ScriptVerifier.MaxScriptBytes"/> (the ConfigMgr importer: <see cref="ScriptVerifier.MaxImportScriptBytes"/>).</summary>
    public const string ScriptTooLarge = "ScriptTooLarge";

    /// <summary>Stdout written outside the final guard block, or top-level code that runs when the script is dot-sourced.</summary>
    public const string StdoutContract = "StdoutContract";

    /// <summary>An <c>exit</c> outside the final guard block, or with a literal other than 0 or 1.</summary>
    public const string ExitCode = "ExitCode";

    /// <summary>
    /// A string method that compares in the device's current culture (IndexOf, StartsWith, ... of a string without a
    /// StringComparison; ToUpper or ToLower without a culture): its answer changes with the display language.
    /// </summary>
    public const string CultureSensitiveString = "CultureSensitiveString";

    /// <summary>Every rule name, in the order the rules are documented.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ParseError, Ps7Syntax, NonAscii, ByteOrderMark, LineEnding, WriteHost, CommandNotAllowed,
        TypeNotAllowed, MissingEntryPoint, ScriptTooLarge, StdoutContract, ExitCode,
        NotInNetFramework48, CmdletParameter, DuplicateFunction, UnusedFunction, CultureSensitiveString,
    ];
}
