using AovpnRemediations.Report.Sources;

namespace AovpnRemediations.Report.Tests;

/// <summary>The queue between the export's reading and aggregating threads: nothing lost, nothing reordered, no thread left waiting.</summary>
public sealed class BatchHandOffTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(50, 0)] // the adder is the slow side: the taker keeps finding the queue empty
    [InlineData(0, 50)] // the taker is the slow side: the adder keeps finding the queue full
    public async Task Every_batch_arrives_once_and_in_order_whichever_side_is_slower(int adderPause, int takerPause)
    {
        const int Batches = 2_000;
        using var queue = new BatchHandOff<int[]>(capacity: 4, CancellationToken.None);
        var adder = Task.Run(() =>
        {
            for (var i = 0; i < Batches; i++)
            {
                Thread.SpinWait(adderPause * (i % 7)); // uneven, so both sides meet a full and an empty queue
                queue.Add([i]);
            }

            queue.Complete();
        });

        var taken = new List<int>();
        var taker = Task.Run(() =>
        {
            while (queue.TryTake(out var batch))
            {
                Thread.SpinWait(takerPause * (taken.Count % 5));
                taken.Add(batch[0]);
            }
        });

        await Task.WhenAll(adder, taker).WaitAsync(Patience); // a wake-up lost on either side would hang here
        Assert.Equal(Enumerable.Range(0, Batches), taken);
    }

    [Fact]
    public void A_queue_completed_with_fewer_than_half_its_batches_still_hands_them_over()
    {
        using var queue = new BatchHandOff<string>(capacity: 8, CancellationToken.None);
        queue.Add("last");
        queue.Complete();

        Assert.True(queue.TryTake(out var batch));
        Assert.Equal("last", batch);
        Assert.False(queue.TryTake(out _));
    }

    [Fact]
    public async Task Cancelling_wakes_an_adder_waiting_on_a_full_queue()
    {
        using var cancel = new CancellationTokenSource();
        using var queue = new BatchHandOff<string>(capacity: 2, cancel.Token);
        queue.Add("a");
        queue.Add("b");
        var blocked = Task.Run(() => queue.Add("c"));
        Assert.NotSame(blocked, await Task.WhenAny(blocked, Task.Delay(100))); // full: it waits

        cancel.Cancel();

        await Assert.ThrowsAsync<OperationCanceledException>(() => blocked.WaitAsync(Patience));
    }

    [Fact]
    public async Task Cancelling_wakes_a_taker_waiting_on_an_empty_queue()
    {
        using var cancel = new CancellationTokenSource();
        using var queue = new BatchHandOff<string>(capacity: 4, cancel.Token);
        var blocked = Task.Run(() => queue.TryTake(out _));
        Assert.NotSame(blocked, await Task.WhenAny(blocked, Task.Delay(100))); // empty: it waits

        cancel.Cancel();

        await Assert.ThrowsAsync<OperationCanceledException>(() => blocked.WaitAsync(Patience));
    }

    [Fact]
    public void A_failing_sink_stops_the_reader_and_its_error_is_the_one_raised()
    {
        var produced = 0;
        var error = Assert.Throws<InvalidOperationException>(() => ExportJobSource.Pipelined(
            emit =>
            {
                for (var i = 0; i < 1_000_000; i++)
                {
                    produced++;
                    emit(new DeviceRow { DeviceId = $"d{i}" });
                }
            },
            row =>
            {
                if (row.DeviceId == "d100")
                {
                    throw new InvalidOperationException("sink failed at d100");
                }
            },
            CancellationToken.None));

        Assert.Equal("sink failed at d100", error.Message);
        Assert.InRange(produced, 101, 1_000); // a few batches ahead at most, not the whole export
    }

    [Fact]
    public void A_failing_reader_raises_its_own_error_once_the_rows_handed_over_are_aggregated_in_order()
    {
        var seen = new List<string>();
        var error = Assert.Throws<InvalidDataException>(() => ExportJobSource.Pipelined(
            emit =>
            {
                for (var i = 0; i < 300; i++)
                {
                    emit(new DeviceRow { DeviceId = $"d{i}" });
                }

                throw new InvalidDataException("the zip ends early");
            },
            row => seen.Add(row.DeviceId),
            CancellationToken.None));

        Assert.Equal("the zip ends early", error.Message);
        // The whole batches before the failure (the run fails anyway, so a partial last batch is not handed over).
        Assert.Equal(Enumerable.Range(0, 256).Select(i => $"d{i}"), seen);
    }
}
