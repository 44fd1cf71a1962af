using System.Globalization;

namespace RedNet.Cli.Tests;

public class BatchShardTests
{
    [Fact]
    public void Shards_run_side_by_side_split_the_table_without_overlap_and_always_the_same_way()
    {
        var table = BatchTable.Create(rowCount: 60, badEvery: 10);
        const int shards = 3;
        var processes = Enumerable.Range(0, shards)
            .Select(i => Task.Run(() => CliRunner.Run(table.BatchArgs(extra: new[] { "--shard", $"{i}/{shards}" }))))
            .ToList();
        var results = processes.Select(p => p.Result).ToList();
        Assert.All(results, r => Assert.True(r.ExitCode is 0 or 1, r.Stderr));

        var rowsByShard = Enumerable.Range(0, shards)
            .Select(i => ResultsTable.Read(Path.Combine(table.Out, $"results.shard-{i}-of-{shards}.csv")))
            .Select(t => t.Rows.Select(r => int.Parse(t.Get(r, "row"), CultureInfo.InvariantCulture)).ToList())
            .ToList();
        var all = rowsByShard.SelectMany(r => r).ToList();
        Assert.Equal(table.Rows.Count, all.Count);
        Assert.Equal(Enumerable.Range(0, table.Rows.Count), all.Order());
        Assert.All(rowsByShard, rows => Assert.InRange(rows.Count, 5, table.Rows.Count - 10));
        Assert.All(table.Rows.Where(r => r.Good), r => Assert.Single(Directory.EnumerateFiles(table.Out, $"{r.Index:D6}_*")));

        // Another worker on the same shard, elsewhere, picks exactly the same rows.
        var again = CliRunner.Run(table.BatchArgs(Path.Combine(table.Root, "again"), "--shard", $"1/{shards}"));
        Assert.True(again.ExitCode is 0 or 1, again.Stderr);
        var rerun = ResultsTable.Read(Path.Combine(table.Root, "again", $"results.shard-1-of-{shards}.csv"));
        Assert.Equal(rowsByShard[1], rerun.Rows.Select(r => int.Parse(rerun.Get(r, "row"), CultureInfo.InvariantCulture)));
    }
}
