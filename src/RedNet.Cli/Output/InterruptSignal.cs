namespace RedNet.Cli.Output;

/// <summary>
/// Ctrl+C (SIGINT) as a <see cref="CancellationToken"/>: the first one cancels the token, so the work stops at its next check
/// (within one tile) and leaves nothing half-written; a second one ends the process at once, as usual.
/// </summary>
public sealed class InterruptSignal : IDisposable
{
    /// <summary>The exit code of a run stopped by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int ExitCode = 130;

    private readonly CancellationTokenSource _source = new();

    public InterruptSignal() => Console.CancelKeyPress += OnCancelKeyPress;

    public CancellationToken Token => _source.Token;

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (_source.IsCancellationRequested) return; // the second Ctrl+C: let it end the process
        e.Cancel = true;
        _source.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _source.Dispose();
    }
}
