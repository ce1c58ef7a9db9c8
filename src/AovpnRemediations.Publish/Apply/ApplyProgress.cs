using Spectre.Console;

namespace AovpnRemediations.Publish.Apply;

/// <summary>Where apply reports what it does: a live progress bar on a terminal, plain lines when redirected.</summary>
public interface IApplyProgress
{
    Task RunAsync(int steps, Func<Task> work);

    /// <summary>One finished action, printed as a line either way.</summary>
    void Report(string line);

    void Advance(string? current);
}

public sealed class PlainProgress(TextWriter output) : IApplyProgress
{
    public Task RunAsync(int steps, Func<Task> work) => work();

    public void Report(string line) => output.WriteLine(line);

    public void Advance(string? current)
    {
    }
}

public sealed class SpectreProgress(IAnsiConsole console) : IApplyProgress
{
    private ProgressTask? _task;

    public Task RunAsync(int steps, Func<Task> work) =>
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                _task = context.AddTask("Publishing", maxValue: Math.Max(1, steps));
                await work().ConfigureAwait(false);
                _task.Value = _task.MaxValue;
            });

    public void Report(string line) => console.WriteLine(line);

    public void Advance(string? current)
    {
        if (_task is not null)
        {
            _task.Increment(1);
            if (current is not null)
            {
                _task.Description = Markup.Escape(current);
            }
        }
    }
}
