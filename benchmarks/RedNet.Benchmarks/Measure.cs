using System.Diagnostics;

namespace RedNet.Benchmarks;

/// <summary>The timing and summary helpers the benchmark modes share.</summary>
public static class Measure
{
    /// <summary>Wall seconds of one run of <paramref name="work"/>.</summary>
    public static double Seconds(Action work)
    {
        var clock = Stopwatch.StartNew();
        work();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Wall and process CPU seconds of one run (CPU seconds move less than wall on a shared VM).</summary>
    public static (double Wall, double Cpu) WallAndCpu(Action work)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        double wall = Seconds(work);
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>Runs <paramref name="work"/> once to warm up, then <paramref name="repeats"/> times: the median wall seconds.</summary>
    public static double MedianSeconds(int repeats, Action work)
    {
        work();
        return Median(Enumerable.Range(0, repeats).Select(_ => Seconds(work)).ToList());
    }

    /// <summary>"min-max" of <paramref name="values"/>, for result lines.</summary>
    public static string Spread(IEnumerable<double> values) => $"{values.Min():0.000}-{values.Max():0.000}";

    /// <summary>The middle value (the upper one of the two middles for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
