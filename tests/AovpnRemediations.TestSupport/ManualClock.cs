namespace AovpnRemediations.TestSupport;

/// <summary>
/// A clock that moves only when told: tests hand it to the write limiter, the retry waits, the emulator's write budget and
/// run's polling, so a 20-second budget window or a 30-minute wait passes in no real time and every party sees the same time.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, Math.Max(0, by.Ticks));

    /// <summary>A wait that only advances the clock (for WriteWait, Retry.Delay and polling delays).</summary>
    public Task Wait(TimeSpan by, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Advance(by);
        return Task.CompletedTask;
    }
}

/// <summary>A clock stopped at one instant: a command line run "on day N" of a fleet's timeline.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
