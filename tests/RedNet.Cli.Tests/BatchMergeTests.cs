namespace RedNet.Cli.Tests;

public class BatchMergeTests
{
    private const int Shards = 3;

    [Fact]
    public void Merged_shards_equal_one_unsharded_run_and_shards_of_other_tables_or_settings_are_refused()
    {
        var table = BatchTable.Create(rowCount: 45, badEvery: 7);
        string single = Path.Combine(table.Root, "single");
        Assert.Equal(1, CliRunner.Run(table.BatchArgs(single)).ExitCode);
        // Shards side by side, as a scheduler's workers; one ONNX Runtime thread each, which must not change a pixel.
        var shards = Enumerable.Range(0, Shards)
            .Select(i => Task.Run(() => CliRunner.Run(table.BatchArgs(extra: new[] { "--shard", $"{i}/{Shards}", "--threads", "1" }))))
            .ToList();
        Assert.All(shards.Select(s => s.Result), r => Assert.True(r.ExitCode is 0 or 1, r.Stderr));

        var merged = Merge(table, table.Out);

        Assert.True(merged.ExitCode == 1, merged.Stderr);
        Assert.Contains($"{Shards} shards, {table.Rows.Count} rows, {table.Rows.Count(r => r.Good)} ok, " +
                        $"{table.Rows.Count(r => r.ExpectedError is not null)} failed, {table.Rows.Count(r => r.Skipped)} skipped", merged.Stdout);
        BatchAssert.SameResults(single, table.Out);

        // A shard missing (not finished, or never run).
        string missing = CopyShardResults(table.Out, Path.Combine(table.Root, "missing"));
        File.Delete(Path.Combine(missing, $"results.shard-1-of-{Shards}.csv"));
        AssertRefused(Merge(table, missing), missing, $"1/{Shards}", "not finished");

        // A shard of the same table run with other settings (x3).
        string otherScale = Path.Combine(table.Root, "x3");
        Assert.True(CliRunner.Run(table.BatchArgs(otherScale, "--shard", $"2/{Shards}", "--scale", "3")).ExitCode is 0 or 1);
        string mixedSettings = CopyShardResults(table.Out, Path.Combine(table.Root, "mixed-settings"));
        CopyShardResults(otherScale, mixedSettings);
        AssertRefused(Merge(table, mixedSettings), mixedSettings, "other settings", "scale=3");

        // A shard of another table with the same name and columns.
        var other = BatchTable.Create(rowCount: 12, badEvery: 5);
        Assert.True(CliRunner.Run(other.BatchArgs(extra: new[] { "--shard", $"0/{Shards}" })).ExitCode is 0 or 1);
        string mixedTables = CopyShardResults(table.Out, Path.Combine(table.Root, "mixed-tables"));
        CopyShardResults(other.Out, mixedTables);
        AssertRefused(Merge(table, mixedTables), mixedTables, "another table");

        // Leftovers of a batch split another way: ambiguous until --shards says which.
        string leftovers = CopyShardResults(table.Out, Path.Combine(table.Root, "leftovers"));
        File.Copy(Path.Combine(otherScale, $"results.shard-2-of-{Shards}.csv"), Path.Combine(leftovers, "results.shard-0-of-2.csv"));
        AssertRefused(Merge(table, leftovers), leftovers, "2 and 3 ways", "--shards");
        Assert.Equal(1, CliRunner.Run("batch-merge", "--table", table.TablePath, "--image-column", "image", "--out", leftovers, "--shards", $"{Shards}").ExitCode);
    }

    [Fact]
    public void A_merge_without_shard_results_or_with_a_bad_option_is_a_usage_error()
    {
        var table = BatchTable.Create(rowCount: 3, badEvery: 10);
        Directory.CreateDirectory(table.Out);
        AssertRefused(Merge(table, table.Out), table.Out, "no shard results");
        AssertRefused(Merge(table, Path.Combine(table.Root, "nowhere")), Path.Combine(table.Root, "nowhere"), "no such folder");
        var zero = CliRunner.Run("batch-merge", "--table", table.TablePath, "--image-column", "image", "--out", table.Out, "--shards", "0");
        Assert.Equal(2, zero.ExitCode);
        Assert.Contains("--shards", zero.Stderr);
    }

    private static CliRunner.Result Merge(BatchTable table, string outFolder)
        => CliRunner.Run("batch-merge", "--table", table.TablePath, "--image-column", "image", "--out", outFolder);

    // Refused: exit 2, a message naming the folder (or a file in it) and saying why, and no results.csv written.
    private static void AssertRefused(CliRunner.Result result, string folder, params string[] why)
    {
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\n{result.Stdout}{result.Stderr}");
        Assert.Contains(folder, result.Stderr);
        foreach (var part in why) Assert.Contains(part, result.Stderr);
        Assert.False(File.Exists(Path.Combine(folder, "results.csv")), "a refused merge must not write results.csv");
    }

    // The shards' results and journals (all a merge reads) copied into another folder, over what is there.
    private static string CopyShardResults(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "results.shard-*"))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        return to;
    }
}
