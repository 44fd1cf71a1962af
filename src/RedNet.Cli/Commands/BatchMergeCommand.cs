using System.CommandLine;
using Microsoft.ML;
using RedNet.Cli.Batch;

namespace RedNet.Cli.Commands;

/// <summary>
/// <c>rednet batch-merge</c>: joins the results of the N shards of a batch (<c>rednet batch --shard I/N</c>, one shared
/// <c>--out</c>) into the results table an unsharded run writes, after checking they are all there and all of one batch
/// (see <see cref="ShardMerge"/>). Exit codes as for <c>batch</c>: 0 every row ok, 1 some rows failed, 2 usage error or
/// shards that do not belong together (nothing is written then).
/// </summary>
public static class BatchMergeCommand
{
    public static Command Create()
    {
        var table = new Option<string>("--table") { Description = "The table the shards scored (its rows are checked against theirs).", Required = true };
        var imageColumn = new Option<string>("--image-column") { Description = "The image column the shards used.", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "The folder the shards wrote into; results.csv (or .tsv) is written there.", Required = true };
        var shards = new Option<int?>("--shards") { Description = "N, when the folder holds results of batches split different ways." };
        shards.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 and var n) result.AddError($"--shards must be 1 or more (got {n}).");
        });
        var command = new Command("batch-merge", "Merge the results of a batch's shards into one results table (exit 0: all rows ok, 1: some failed, 2: usage error or shards of different batches).")
        {
            table, imageColumn, output, shards,
        };
        command.SetAction(parse => Run(parse.GetValue(table)!, parse.GetValue(imageColumn)!, parse.GetValue(output)!, parse.GetValue(shards)));
        return command;
    }

    private static int Run(string tablePath, string imageColumn, string outputFolder, int? shardCount)
    {
        ShardMergeOutcome outcome;
        try
        {
            var table = ImageTable.Load(new MLContext(1), tablePath, imageColumn, referenceColumn: null);
            outcome = ShardMerge.Run(table, outputFolder, shardCount);
        }
        catch (BatchSetupException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        Console.WriteLine($"batch-merge: {outcome.ShardCount} shards, {outcome.Rows.Count} rows, {outcome.Ok} ok, {outcome.Failed} failed, {outcome.Skipped} skipped");
        Console.WriteLine($"results: {outcome.ResultsPath}");
        return outcome.Failed > 0 ? 1 : 0;
    }
}
