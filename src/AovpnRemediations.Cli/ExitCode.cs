namespace AovpnRemediations.Cli;

/// <summary>Exit codes of every command; scripts and CI depend on them.</summary>
public enum ExitCode
{
    Success = 0,

    /// <summary>Something failed that has no code of its own; also "error" under <c>plan --detailed-exitcode</c>.</summary>
    Failure = 1,

    /// <summary><c>plan --detailed-exitcode</c>: the tenant differs from the output.</summary>
    ChangesPending = 2,

    /// <summary>Bad input: arguments, the profile, a certificate file, a templates folder.</summary>
    InvalidInput = 3,

    /// <summary>A generated script broke a verification rule; nothing was written.</summary>
    VerificationFailed = 4,

    /// <summary>An output folder is not ours, cannot be written, or differs from its manifest.</summary>
    OutputMismatch = 5,

    /// <summary>Graph or the tenant refused (auth, HTTP, a missing group, an ownership conflict, a missing permission).</summary>
    GraphError = 6,

    /// <summary>
    /// A script is unsigned, changed after signing, or not trusted (<c>verify-signatures</c>); or the profile enforces
    /// Intune's signature check and scripts are unsigned (<c>plan</c>/<c>apply</c>, before any request).
    /// </summary>
    SignatureCheckFailed = 7,

    /// <summary><c>apply</c>: changes wait for Multi Admin Approval (requested by this run or an earlier one); run apply again once approved.</summary>
    ApprovalPending = 8,

    /// <summary>The history store cannot be used: not a store, written by a newer version, in use, a full disk, an I/O error. Nothing stored is lost.</summary>
    HistoryStore = 9,

    /// <summary>Azure Monitor Logs refused or did not take the device rows (--sink loganalytics).</summary>
    LogsIngestion = 10,

    Cancelled = 130,
}
