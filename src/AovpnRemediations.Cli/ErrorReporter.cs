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
                console.Error.WriteLine($"error: the profile is not valid ({e.Errors.Count} problem{(e.Errors.Count == 1 ? string.Empty : "s")}); nothing was written.");
                foreach (var error in e.Errors)
                {
                    console.Error.WriteLine("  " + error);
                }

                return (int)ExitCode.InvalidInput;
            case TemplateException e:
                console.Error.WriteLine("error: the templates cannot be used; nothing was written.");
                foreach (var error in e.Errors)
                {
                    console.Error.WriteLine("  " + error);
                }

                return (int)ExitCode.InvalidInput;
            case VerificationException e:
                console.Error.WriteLine($"error: {e.Findings.Count} verification finding{(e.Findings.Count == 1 ? string.Empty : "s")} in the generated scripts; nothing was written.");
                foreach (var finding in e.Findings)
                {
                    console.Error.WriteLine("  " + finding);
                }

                return (int)ExitCode.VerificationFailed;
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
}

/// <summary>A command was used wrongly (a file exists, an option is missing); the message says what to do.</summary>
public sealed class UsageException(string message) : Exception(message);
