namespace RedNet.Cli.Batch;

/// <summary>The merged results of a sharded batch: every table row once, in row order, and where they were written.</summary>
public sealed record ShardMergeOutcome(IReadOnlyList<BatchRowResult> Rows, int ShardCount, string ResultsPath)
{
    public int Ok => Rows.Count(r => r.Status == BatchRowStatus.Ok);
    public int Failed => Rows.Count(r => r.Status == BatchRowStatus.Error);
    public int Skipped => Rows.Count(r => r.Status == BatchRowStatus.Skipped);
}
