using AovpnRemediations.Graph.Pipeline;

namespace AovpnRemediations.Graph.Tests;

public sealed class WriteLimiterTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task Never_lets_more_than_the_budget_start_within_one_window()
    {
        var clock = new ManualClock();
        var waits = new List<TimeSpan>();
        var limiter = new WriteLimiter(5, TimeSpan.FromSeconds(20), clock, (wait, _) =>
        {
            waits.Add(wait);
            clock.Now += wait; // time passes only while waiting
            return Task.CompletedTask;
        });

        var starts = new List<DateTimeOffset>();
        for (var i = 0; i < 23; i++)
        {
            await limiter.WaitAsync(CancellationToken.None);
            starts.Add(clock.Now);
            clock.Now += TimeSpan.FromMilliseconds(100);
        }

        foreach (var start in starts)
        {
            Assert.True(starts.Count(s => s >= start && s < start + TimeSpan.FromSeconds(20)) <= 5);
        }

        Assert.Equal(4, waits.Count); // 23 writes at 5 per window: four pauses
        Assert.True(limiter.Waited > TimeSpan.FromSeconds(70));
    }

    [Fact]
    public async Task Does_not_wait_below_the_budget()
    {
        var waited = false;
        var limiter = new WriteLimiter(180, TimeSpan.FromSeconds(20), new ManualClock(), (_, _) =>
        {
            waited = true;
            return Task.CompletedTask;
        });
        for (var i = 0; i < 180; i++)
        {
            await limiter.WaitAsync(CancellationToken.None);
        }

        Assert.False(waited);
    }
}
