using AovpnRemediations.Emit;
using AovpnRemediations.Graph;
using AovpnRemediations.Graph.Credentials;
using AovpnRemediations.Graph.Permissions;
using AovpnRemediations.History.LogAnalytics;
using AovpnRemediations.History.Store;
using AovpnRemediations.Operate;
using AovpnRemediations.Profile.Loading;
using AovpnRemediations.Publish;
using AovpnRemediations.Rendering.Templates;
using AovpnRemediations.Report;
using AovpnRemediations.Report.Sources;
using AovpnRemediations.Signing;
using Azure.Identity;

namespace AovpnRemediations.Cli;

/// <summary>
/// The one place exceptions become exit codes and messages on stderr. Stages throw typed exceptions; each maps here,
/// and every message passes through the run's redactor, so no token or secret is ever shown.
/// </summary>
public static class ErrorReporter
{
    public static int Report(Exception exception, CliSession session)
    {
        var code = Map(exception, session);
        // Under --detailed-exitcode, 1 means error (2 is reserved for "changes pending").
        return (int)(session.DetailedExitCode && code is not (ExitCode.Success or ExitCode.Cancelled) ? ExitCode.Failure : code);
    }

    private static ExitCode Map(Exception exception, CliSession session)
    {
        var console = session.Console;
        var redactor = session.Redactor;
        ExitCode Fail(ExitCode code, string message, string? hint = null)
        {
            console.Error.WriteLine("error: " + redactor.Redact(message));
            if (hint is not null)
            {
                console.Error.WriteLine(redactor.Redact(hint));
            }

            return code;
        }

        switch (exception)
        {
            case ProfileException e:
                return List(console, $"the profile is not valid ({Count(e.Errors.Count, "problem")})", e.Errors, ExitCode.InvalidInput);
            case TemplateException e:
                return List(console, "the templates cannot be used", e.Errors, ExitCode.InvalidInput);
            case VerificationException e:
                return List(console, $"{Count(e.Findings.Count, "verification finding")} in the generated scripts", e.Findings, ExitCode.VerificationFailed);
            case OutputException e:
                return Fail(ExitCode.OutputMismatch, $"{e.Message} Fix: {e.Fix}");
            case TaskCanceledException { InnerException: TimeoutException }:
                return Fail(ExitCode.Failure, redactor.Describe(exception));
            case OperationCanceledException:
                console.Error.WriteLine(session.CancelAdvice ?? "cancelled.");
                return ExitCode.Cancelled;
            case UsageException or PublishInputException or ReportInputException or GraphSettingsException or RunInputException or TenantProfileException:
                return Fail(ExitCode.InvalidInput, exception.Message);
            case MissingPermissionException:
                return Fail(ExitCode.GraphError, exception.Message);
            case OutputMismatchException:
                return Fail(ExitCode.OutputMismatch, exception.Message);
            case ScriptSigningException:
                // The signer options, the signer's files or key, or a script that cannot be signed safely: the message says which.
                return Fail(ExitCode.InvalidInput, exception.Message);
            case UnsignedScriptsException:
                return Fail(ExitCode.SignatureCheckFailed, exception.Message);
            case TenantStateException or ReportDataException:
                return Fail(ExitCode.GraphError, exception.Message);
            case HistoryStoreException { Error: HistoryError.UnknownSnapshot or HistoryError.InvalidRequest }:
                return Fail(ExitCode.InvalidInput, exception.Message);
            case HistoryStoreException:
                return Fail(ExitCode.HistoryStore, exception.Message, "Nothing already stored was changed. 'report --no-store' runs the report without the store.");
            case LogAnalyticsException:
                return Fail(ExitCode.LogsIngestion, exception.Message);
            case GraphRequestException e:
                return Fail(ExitCode.GraphError, redactor.Describe(e), e.Status == 403 ? PermissionCheck.ForbiddenHint(session.Command, e.Method, e.Path) : Hint(e.Status));
            case AuthenticationFailedException or CredentialUnavailableException:
                return Fail(ExitCode.GraphError, redactor.Describe(exception),
                    $"Sign-in failed. Set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH), use a managed identity, run on a terminal for device code sign-in, or set {GraphCredentials.AccessTokenVariable}.");
            default:
                return Fail(ExitCode.Failure, $"{exception.GetType().Name}: {redactor.Describe(exception)}");
        }
    }

    private static string? Hint(int status) => status switch
    {
        401 => "The token was refused: check the credential and that it is for this tenant.",
        429 => "Graph kept throttling after all retries; run again later.",
        0 => "No answer from Graph: check the network and --graph-base-url.",
        _ => null,
    };

    private static ExitCode List<T>(CliConsole console, string headline, IEnumerable<T> items, ExitCode code)
    {
        console.Error.WriteLine($"error: {headline}; nothing was written.");
        foreach (var item in items)
        {
            console.Error.WriteLine("  " + item);
        }

        return code;
    }

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? string.Empty : "s")}";
}

/// <summary>A command was used wrongly (a file exists, an option is missing); the message says what to do.</summary>
public sealed class UsageException(string message) : Exception(message);
