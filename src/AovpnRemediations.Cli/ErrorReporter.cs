using AovpnRemediations.Emit;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Rendering.Templates;

namespace AovpnRemediations.Cli;

/// <summary>The one place exceptions become messages on stderr and exit codes.</summary>
public static class ErrorReporter
{
    public static int Report(Exception exception, CliConsole console)
    {
        switch (exception)
        {
            case ProfileException e:
                return List(console, $"the profile is not valid ({Count(e.Errors.Count, "problem")})", e.Errors, ExitCode.InvalidInput);
            case TemplateException e:
                return List(console, "the templates cannot be used", e.Errors, ExitCode.InvalidInput);
            case VerificationException e:
                return List(console, $"{Count(e.Findings.Count, "verification finding")} in the generated scripts", e.Findings, ExitCode.VerificationFailed);
            case OutputException e:
                console.Error.WriteLine($"error: {e.Message} Fix: {e.Fix}");
                return (int)ExitCode.OutputMismatch;
            case OperationCanceledException:
                console.Error.WriteLine("cancelled.");
                return (int)ExitCode.Cancelled;
            case UsageException e:
                console.Error.WriteLine($"error: {e.Message}");
                return (int)ExitCode.InvalidInput;
            default:
                console.Error.WriteLine($"error: {exception.GetType().Name}: {exception.Message}");
                return (int)ExitCode.Failure;
        }
    }

    private static int List<T>(CliConsole console, string headline, IEnumerable<T> items, ExitCode code)
    {
        console.Error.WriteLine($"error: {headline}; nothing was written.");
        foreach (var item in items)
        {
            console.Error.WriteLine("  " + item);
        }

        return (int)code;
    }

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? string.Empty : "s")}";
}

/// <summary>A command was used wrongly (a file exists, an option is missing); the message says what to do.</summary>
public sealed class UsageException(string message) : Exception(message);
