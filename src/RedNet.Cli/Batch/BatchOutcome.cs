namespace RedNet.Cli.Batch;

/// <summary>The end of a batch: every row's result (this run's and those reused by <c>--resume</c>) and the totals.</summary>
public sealed record BatchOutcome(IReadOnlyList<BatchRowResult> Rows, int Resumed, TimeSpan Elapsed, string ResultsPath, ShardSpec? Shard)
{
    public int Ok => Rows.Count(r => r.Status == BatchRowStatus.Ok);
    public int Failed => Rows.Count(r => r.Status == BatchRowStatus.Error);
    public int Skipped => Rows.Count(r => r.Status == BatchRowStatus.Skipped);

    /// <summary>Rows this run worked on (not reused) per second.</summary>
    public double ImagesPerSecond => (Rows.Count - Resumed) / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>Mean PSNR over the scored rows (null without a reference column).</summary>
    public double? MeanPsnr => Mean(r => r.Psnr);

    public double? MeanSsim => Mean(r => r.Ssim);

    private double? Mean(Func<BatchRowResult, double?> value)
    {
        var values = Rows.Where(r => r.Status == BatchRowStatus.Ok).Select(value).OfType<double>().ToList();
        return values.Count == 0 ? null : values.Average();
    }
}

/// <summary>Progress of a batch: rows finished out of the shard's rows, and the row just finished.</summary>
public readonly record struct BatchProgress(int Done, int Total, BatchRowResult? Finished, bool Reused);
