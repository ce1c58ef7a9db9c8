using System.Text.RegularExpressions;

namespace AovpnRemediations.Rendering;

/// <summary>
/// Finds which of a set of template-rendered script functions some code needs, so a script carries only
/// those it calls (and those they call in turn).
/// </summary>
internal static class FunctionCalls
{
    /// <summary>The functions of <paramref name="functions"/> the code calls, directly or through each other, in list order.</summary>
    public static IReadOnlyList<string> NeededBy(IReadOnlyList<string> functions, string code, Func<string, string> renderFunction)
    {
        var needed = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([code]);
        while (pending.TryDequeue(out var text))
        {
            foreach (var name in functions.Where(f => !needed.Contains(f) && Calls(text, f)))
            {
                needed.Add(name);
                pending.Enqueue(renderFunction(name));
            }
        }

        return [.. functions.Where(needed.Contains)];
    }

    private static bool Calls(string code, string function) =>
        Regex.IsMatch(code, @"(?<![\w-])" + Regex.Escape(function) + @"(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
