using System.Diagnostics;

namespace RedNet.Cli.Output;

/// <summary>
/// Progress on stderr: a single updating line with rate and ETA on a terminal, plain periodic lines when stderr is
/// redirected (logs, CI), so long runs always say how far they are.
/// </summary>
public sealed class ConsoleProgress : IDisposable
{
    private readonly string _label;
    private readonly string _unit;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly TimeSpan _plainInterval;
    private TimeSpan? _lastPrint;
    private long _startDone = -1;
    private bool _printedInteractive;

    public ConsoleProgress(string label, string unit = "items", TimeSpan? plainInterval = null)
    {
        _label = label;
        _unit = unit;
        _plainInterval = plainInterval ?? TimeSpan.FromSeconds(10);
    }

    /// <summary>Reports <paramref name="done"/> of <paramref name="total"/>; <paramref name="detail"/> is appended (e.g. loss).</summary>
    public void Report(long done, long total, string? detail = null)
    {
        var now = _clock.Elapsed;
        if (_startDone < 0) _startDone = done;
        bool finished = done >= total;
        if (!finished && _lastPrint is { } last && now - last < (_interactive ? TimeSpan.FromMilliseconds(200) : _plainInterval)) return;
        _lastPrint = now;
        double rate = (done - _startDone) / Math.Max(now.TotalSeconds, 1e-9);
        string eta = rate > 0 && !finished ? Format(TimeSpan.FromSeconds((total - done) / rate)) : "--:--";
        double fraction = total > 0 ? (double)done / total : 1;
        string text = $"{_label} {done}/{total} {_unit} ({fraction:P0}) {rate:0.##} {_unit}/s elapsed {Format(now)} ETA {eta}" +
                      (string.IsNullOrEmpty(detail) ? "" : $" {detail}");
        if (_interactive)
        {
            int width = 24, filled = (int)Math.Round(fraction * width);
            string bar = "[" + new string('#', filled) + new string('.', width - filled) + "] ";
            string line = bar + text;
            int max = Math.Max(20, SafeWindowWidth() - 1);
            if (line.Length > max) line = line[..max];
            Console.Error.Write("\r" + line.PadRight(max));
            _printedInteractive = true;
            if (finished) { Console.Error.WriteLine(); _printedInteractive = false; }
        }
        else
        {
            Console.Error.WriteLine(text);
        }
    }

    /// <summary>Prints a message without breaking the progress line.</summary>
    public void WriteLine(string message)
    {
        if (_printedInteractive) { Console.Error.WriteLine(); _printedInteractive = false; }
        Console.Error.WriteLine(message);
    }

    public void Dispose()
    {
        if (_printedInteractive) Console.Error.WriteLine();
    }

    public static string Format(TimeSpan t)
        => t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}" : $"{t.Minutes:00}:{t.Seconds:00}";

    private static int SafeWindowWidth()
    {
        try { return Console.WindowWidth > 0 ? Console.WindowWidth : 120; }
        catch (IOException) { return 120; }
    }
}
