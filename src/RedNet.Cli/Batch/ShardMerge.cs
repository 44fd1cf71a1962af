namespace RedNet.Cli.Batch;

/// <summary>
/// Merges the results of the N shards of one batch (<c>results.shard-I-of-N.csv</c> in one output folder) into the table an
/// unsharded run of the same batch writes (<c>results.csv</c>), once it is sure they belong together: all N shards finished
/// (a shard writes its results file only after its last row), their journals written with the same settings (table name,
/// columns, scale, model, self-ensemble), and every row of the table present exactly once, in the shard its hash names, with
/// the table's own input cell. Anything else is refused with a <see cref="BatchSetupException"/> naming the file and row,
/// and nothing is written.
/// </summary>
public static class ShardMerge
{
    /// <param name="shardCount">N; null takes it from the folder, which must then hold results for one N only.</param>
    public static ShardMergeOutcome Run(ImageTable table, string outputFolder, int? shardCount)
    {
        if (!Directory.Exists(outputFolder)) throw new BatchSetupException($"--out '{outputFolder}': no such folder.");
        var format = table.Format;
        var shards = FindShards(outputFolder, format, shardCount);
        CheckSameSettings(shards);

        var merged = new Dictionary<long, BatchRowResult>();
        var rowsByIndex = table.Rows.ToDictionary(r => r.Index);
        foreach (var (path, shard) in shards)
            foreach (var row in ResultsFile.Read(path, format))
            {
                if (!rowsByIndex.TryGetValue(row.Row, out var tableRow))
                    throw new BatchSetupException($"'{path}' holds row {row.Row}, which '{table.Path}' does not have " +
                                                  $"({table.Rows.Count} rows): the shard comes from another table.");
                if (tableRow.Image != row.Input)
                    throw new BatchSetupException($"'{path}' row {row.Row} is '{row.Input}', but in '{table.Path}' that row is " +
                                                  $"'{tableRow.Image}': the shard comes from another table, or the table changed since.");
                if (!shard.Contains(row.Input))
                    throw new BatchSetupException($"'{path}' holds row {row.Row} ('{row.Input}'), which belongs to shard " +
                                                  $"{ShardSpec.IndexOf(row.Input, shard.Count)}/{shard.Count}, not {shard}.");
                if (!merged.TryAdd(row.Row, row))
                    throw new BatchSetupException($"'{path}' repeats row {row.Row}.");
            }
        if (table.Rows.FirstOrDefault(r => !merged.ContainsKey(r.Index)) is { } lost)
        {
            var owner = new ShardSpec(ShardSpec.IndexOf(lost.Image, shards[0].Shard.Count), shards[0].Shard.Count);
            throw new BatchSetupException($"row {lost.Index} ('{lost.Image}') of '{table.Path}' is in no shard's results, though " +
                                          $"'{Path.Combine(outputFolder, ResultsFile.NameFor(format, owner))}' should hold it: the shards come from another table.");
        }

        string resultsPath = Path.Combine(Path.GetFullPath(outputFolder), ResultsFile.NameFor(format, null));
        var rows = merged.Values.OrderBy(r => r.Row).ToList();
        ResultsFile.Write(resultsPath, format, rows);
        return new ShardMergeOutcome(rows, shards.Count, resultsPath);
    }

    // The results files of shards 0..N-1, in shard order; refuses a folder where one is missing or N is ambiguous.
    private static List<(string Path, ShardSpec Shard)> FindShards(string folder, TableFormat format, int? shardCount)
    {
        var found = Directory.EnumerateFiles(folder)
            .Select(path => (Path: path, Shard: ResultsFile.ShardOf(Path.GetFileName(path), format)))
            .Where(f => f.Shard is not null)
            .Select(f => (f.Path, Shard: f.Shard!.Value))
            .ToList();
        var counts = found.Select(f => f.Shard.Count).Distinct().Order().ToList();
        if (counts.Count == 0)
            throw new BatchSetupException($"'{folder}' holds no shard results ({ResultsFile.NameFor(format, new ShardSpec(0, 2))} and the like): " +
                                          "nothing to merge. Run the shards with --shard I/N and --out this folder first.");
        int n = shardCount ?? (counts.Count == 1 ? counts[0]
            : throw new BatchSetupException($"'{folder}' holds results of batches split {string.Join(" and ", counts)} ways; " +
                                            "say which to merge with --shards N."));
        var shards = found.Where(f => f.Shard.Count == n).OrderBy(f => f.Shard.Index).ToList();
        var missing = Enumerable.Range(0, n).Except(shards.Select(f => f.Shard.Index)).ToList();
        if (missing.Count > 0)
            throw new BatchSetupException($"'{folder}' has no results for shard(s) {string.Join(", ", missing.Select(i => $"{i}/{n}"))} " +
                                          $"(e.g. {ResultsFile.NameFor(format, new ShardSpec(missing[0], n))}): not finished, or not run. " +
                                          "A shard writes its results file when its last row is done; re-run it with --resume.");
        return shards;
    }

    // The table keys of a fingerprint (its name, size and content hash).
    private static string TableIdentity(string fingerprint)
        => string.Join("; ", fingerprint.Split("; ").Where(p => p.StartsWith("table", StringComparison.Ordinal)));

    // Every shard's journal holds the settings it ran with; shards of one batch differ only in the shard itself.
    private static void CheckSameSettings(List<(string Path, ShardSpec Shard)> shards)
    {
        string? firstSettings = null, firstJournal = null;
        foreach (var (path, shard) in shards)
        {
            string journal = BatchJournal.PathFor(path);
            if (!File.Exists(journal))
                throw new BatchSetupException($"'{journal}' is missing: without it there is no telling which table and settings " +
                                              $"'{Path.GetFileName(path)}' was made with.");
            var settings = BatchJournal.ReadSettings(journal)
                           ?? throw new BatchSetupException($"'{journal}' does not start with a rednet batch journal header.");
            var (shared, journalShard) = BatchSettings.SplitFingerprint(settings);
            if (journalShard != shard.ToString())
                throw new BatchSetupException($"'{journal}' was written by shard {journalShard}, but its results file is named for shard {shard}.");
            if (firstSettings is null)
            {
                (firstSettings, firstJournal) = (shared, journal);
            }
            else if (TableIdentity(shared) != TableIdentity(firstSettings))
            {
                throw new BatchSetupException($"'{journal}' was written for another table than '{firstJournal}' (the table's size or content " +
                                              "hash differ): shards of different tables cannot be merged.");
            }
            else if (shared != firstSettings)
            {
                throw new BatchSetupException($"'{journal}' was written with other settings ({shared}) than '{firstJournal}' ({firstSettings}): " +
                                              "shards of different tables or settings cannot be merged.");
            }
        }
    }
}
