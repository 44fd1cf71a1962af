namespace RedNet.Training.Training;

/// <summary>What a trainer tells its caller while it runs (the CLI draws a progress bar; tests stay quiet).</summary>
public interface ITrainingObserver
{
    /// <summary>After every iteration: done/total, the running mean loss and throughput.</summary>
    void Progress(int iteration, int total, double loss, double patchesPerSecond);

    /// <summary>A line worth showing: data loaded, validation result, checkpoint written, warnings.</summary>
    void Message(string text);
}

/// <summary>An observer that ignores everything.</summary>
public sealed class SilentTrainingObserver : ITrainingObserver
{
    public static readonly SilentTrainingObserver Instance = new();
    public void Progress(int iteration, int total, double loss, double patchesPerSecond) { }
    public void Message(string text) { }
}
