using AovpnRemediations.History.Model;

namespace AovpnRemediations.History;

/// <summary>
/// Where the report fans each device row out to while it reads: the snapshot store, the Log Analytics sink, a Parquet
/// file. <see cref="Add"/> is called on the reading thread once per device and must not keep the caller long;
/// <see cref="CompleteAsync"/> once after the last row. Disposing a sink that was not completed discards what it can.
/// </summary>
public interface IDeviceRowSink
{
    void Add(DeviceSnapshotRow row);

    Task CompleteAsync(CancellationToken cancellationToken);
}

/// <summary>Hands each row to several sinks in turn (the report's store, Log Analytics and Parquet outputs of one run).</summary>
public sealed class FanOutSink(params IDeviceRowSink[] sinks) : IDeviceRowSink
{
    public void Add(DeviceSnapshotRow row)
    {
        foreach (var sink in sinks)
        {
            sink.Add(row);
        }
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        foreach (var sink in sinks)
        {
            await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
