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
}
