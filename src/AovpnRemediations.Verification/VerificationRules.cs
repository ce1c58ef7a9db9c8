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

    /// <summary>A .NET type literal that is not on the allow-list.</summary>
    public const string TypeNotAllowed = "TypeNotAllowed";

    /// <summary>A package script without a top-level <c>function Invoke-AovpnMain</c>, or without the final guard block that calls it.</summary>
    public const string MissingEntryPoint = "MissingEntryPoint";

    /// <summary>A script larger than <see cref="ScriptVerifier.MaxScriptBytes"/> (the ConfigMgr importer: <see cref="ScriptVerifier.MaxImportScriptBytes"/>).</summary>
    public const string ScriptTooLarge = "ScriptTooLarge";

    /// <summary>Stdout written outside the final guard block, or top-level code that runs when the script is dot-sourced.</summary>
    public const string StdoutContract = "StdoutContract";

    /// <summary>An <c>exit</c> outside the final guard block, or with a literal other than 0 or 1.</summary>
    public const string ExitCode = "ExitCode";

    /// <summary>Every rule name, in the order the rules are documented.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ParseError, Ps7Syntax, NonAscii, ByteOrderMark, LineEnding, WriteHost, CommandNotAllowed,
        TypeNotAllowed, MissingEntryPoint, ScriptTooLarge, StdoutContract, ExitCode,
    ];
}
