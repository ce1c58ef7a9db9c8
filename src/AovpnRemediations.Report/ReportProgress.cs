using Spectre.Console;

namespace AovpnRemediations.Report;

/// <summary>Where the report shows how far a long fetch is: a live bar on a terminal, nothing when redirected.</summary>
public interface IReportProgress
{
    Task RunAsync(Func<Task> work);

    /// <summary>A package starts; <paramref name="expectedDevices"/> comes from its run summary (0 when unknown).</summary>
    void Start(string package, long expectedDevices);

    void Advance(int devices);

    void Status(string text);
}

public sealed class NoProgress : IReportProgress
{
    public static readonly NoProgress Instance = new();

    public Task RunAsync(Func<Task> work) => work();

    public void Start(string package, long expectedDevices)
    {
    }

    public void Advance(int devices)
    {
    }

    public void Status(string text)
    {
    }
}

/// <summary>One Spectre progress task per package, counting devices read against the run summary's total.</summary>
public sealed class SpectreReportProgress(IAnsiConsole console) : IReportProgress
{
    private ProgressContext? _context;
    private ProgressTask? _task;

    public Task RunAsync(Func<Task> work) =>
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                _context = context;
                await work().ConfigureAwait(false);
                if (_task is not null)
                {
                    _task.Value = _task.MaxValue;
                }
            });

    public void Start(string package, long expectedDevices)
    {
        if (_task is not null)
        {
            _task.Value = _task.MaxValue;
        }

        _task = _context?.AddTask(Markup.Escape(package), maxValue: Math.Max(1, expectedDevices));
    }

    public void Advance(int devices)
    {
        if (_task is not null)
        {
            // The run summary can lag the device list: grow the bar rather than overflow it.
            if (_task.Value + devices > _task.MaxValue)
            {
                _task.MaxValue = _task.Value + devices;
            }

            _task.Increment(devices);
        }
    }

    public void Status(string text)
    {
        if (_task is not null)
        {
            _task.Description = Markup.Escape(text);
        }
    }
}
