using AovpnRemediations.Emit;
using AovpnRemediations.Graph;
using AovpnRemediations.Publish;
using AovpnRemediations.Report;
using AovpnRemediations.Report.Sources;

namespace AovpnRemediations.Cli.Tests;

/// <summary>The one error boundary: every stage's typed failure has its exit code, and every message is redacted.</summary>
public class ExitCodeTests
{
    public static TheoryData<Exception, ExitCode> Failures => new()
    {
        { new UsageException("x"), ExitCode.InvalidInput },
        { new PublishInputException("x"), ExitCode.InvalidInput },
        { new ReportInputException("x"), ExitCode.InvalidInput },
        { new GraphSettingsException("x"), ExitCode.InvalidInput },
        { new Operate.RunInputException("x"), ExitCode.InvalidInput },
        { new Graph.Credentials.TenantProfileException("x"), ExitCode.InvalidInput },
        { new Graph.Permissions.MissingPermissionException("x", []), ExitCode.GraphError },
        { new OutputException("x", "y"), ExitCode.OutputMismatch },
        { new OutputMismatchException("x"), ExitCode.OutputMismatch },
        { new AovpnRemediations.Signing.ScriptSigningException("x"), ExitCode.InvalidInput },
        { new UnsignedScriptsException("x"), ExitCode.SignatureCheckFailed },
        { new TenantStateException("x"), ExitCode.GraphError },
        { new ReportDataException("x"), ExitCode.GraphError },
        { new GraphRequestException("x", 403, "Forbidden", "GET", "beta/x"), ExitCode.GraphError },
        { new Azure.Identity.AuthenticationFailedException("x"), ExitCode.GraphError },
        { new OperationCanceledException(), ExitCode.Cancelled },
        { new InvalidOperationException("x"), ExitCode.Failure },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Each_stage_failure_has_its_exit_code(Exception failure, ExitCode expected)
    {
        var session = new CliSession(new CliConsole(TextWriter.Null, new StringWriter()) { Environment = _ => null });
        Assert.Equal((int)expected, ErrorReporter.Report(failure, session));
    }

    [Fact]
    public void Under_detailed_exitcode_every_failure_but_cancelling_exits_1()
    {
        var session = new CliSession(new CliConsole(TextWriter.Null, new StringWriter()) { Environment = _ => null }) { DetailedExitCode = true };
        Assert.Equal(1, ErrorReporter.Report(new TenantStateException("x"), session));
        Assert.Equal(130, ErrorReporter.Report(new OperationCanceledException(), session));
    }

    [Fact]
    public void Secrets_from_the_environment_never_reach_stderr()
    {
        var stderr = new StringWriter();
        var session = new CliSession(new CliConsole(TextWriter.Null, stderr) { Environment = name => name == "AZURE_CLIENT_SECRET" ? "Zq8~very.secret-VALUE" : null });
        ErrorReporter.Report(new InvalidOperationException("failed with Zq8~very.secret-VALUE in it"), session);
        Assert.DoesNotContain("Zq8~very.secret-VALUE", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", stderr.ToString(), StringComparison.Ordinal);
    }
}
