namespace AovpnRemediations.Verification;

/// <summary>One problem in a generated script, at a 1-based line and column.</summary>
/// <param name="File">The display path given to <see cref="ScriptVerifier.Verify"/>.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column, in characters.</param>
/// <param name="Rule">One of the names in <see cref="VerificationRules"/>.</param>
/// <param name="Message">What is wrong and what to emit instead.</param>
public sealed record VerificationFinding(string File, int Line, int Column, string Rule, string Message)
{
    /// <summary>The form the build prints: <c>file:line:col rule message</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column} {Rule} {Message}";
}
