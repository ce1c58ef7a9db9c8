using AovpnRemediations.GraphEmulator.Approvals;
using AovpnRemediations.GraphEmulator.Devices;

namespace AovpnRemediations.GraphEmulator;

public sealed class EmulatorOptions
{
    /// <summary>0 picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>Collections longer than this are paged with @odata.nextLink.</summary>
    public int PageSize { get; set; } = 100;

    public FaultOptions Faults { get; set; } = new();

    /// <summary>How the emulator waits (added latency). Tests pass a no-op to stay fast.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = Task.Delay;

    /// <summary>The clock of the write budget; tests share one manual clock with the client's write limiter and retry waits.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Intune's write budget, enforced with 429 + Retry-After; null (default) for none.</summary>
    public WriteBudget? WriteBudget { get; set; }

    /// <summary>Multi Admin Approval on deviceHealthScripts writes.</summary>
    public ApprovalOptions Approvals { get; set; } = new();

    /// <summary>How on-demand runs progress.</summary>
    public OnDemandOptions OnDemand { get; set; } = new();

    /// <summary>The permissions an opaque (non-JWT) bearer token stands for; null (default): it may do everything.</summary>
    public IReadOnlyList<string>? OpaqueTokenRoles { get; set; }
}
