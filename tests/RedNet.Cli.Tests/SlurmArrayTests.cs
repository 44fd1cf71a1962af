using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RedNet.Cli.Batch;

namespace RedNet.Cli.Tests;

/// <summary>
/// <c>rednet batch --shard</c> under a real scheduler: the README's Slurm script (deploy/slurm/rednet-batch.sbatch) submitted
/// as one job array to the cluster .ci/slurm-up.sh starts, its shards merged by <c>rednet batch-merge</c> and compared with
/// one unsharded process; then a task cancelled midway and re-submitted on its own with <c>--resume</c>. It runs alone (its
/// own collection, not in parallel with the other tests), so that the array's tasks have the node's CPUs to themselves, as
/// the scheduler assumes, and a task is still running when the test cancels it.
/// </summary>
[Collection(nameof(SlurmArrayTests))]
public class SlurmArrayTests
{
    private const int Shards = 4;
    private static readonly TimeSpan ArrayTimeout = TimeSpan.FromMinutes(5);

    [SkippableFact]
    public void A_job_array_scores_every_row_once_as_one_process_does_and_a_cancelled_task_resumes_to_the_same_results()
    {
        var slurm = SlurmCluster.Require();
        // Rows of 40-52 px (twice the pixels of the other batch tests; larger ones would pass BatchTable's --max-pixels) and 60
        // of them a shard keep a task busy long enough to be cancelled midway: with 30 a shard, a Zen 5 task once recorded all
        // of its rows between the test's scancel and the signal (2026-12-02, after ONNX Runtime's memory pattern was switched
        // off and each new tile shape got cheaper). Shard 3 gets no failing row, so its task must exit 0 while the others exit 1.
        var table = BatchTable.Create(rowCount: 240, badEvery: 8, minSide: 40, maxSide: 52, cleanShard: new ShardSpec(3, Shards));
        string single = Path.Combine(table.Root, "single");
        var reference = CliRunner.Run(table.BatchArgs(single));
        Assert.True(reference.ExitCode == 1, reference.Stderr);

        // The array: every task's exit code and state as documented, its bad rows reported in its log, the merge equal to
        // the single process.
        string arrayOut = Path.Combine(table.Root, "array");
        string job = Submit(slurm, table, arrayOut, "0-3");
        var tasks = slurm.WaitForArray(job, Shards, ArrayTimeout);
        foreach (var task in tasks)
        {
            var rows = RowsOf(table, task.Index);
            int expectedExit = rows.Any(r => r.ExpectedError is not null) ? 1 : 0;
            Assert.True(task.ExitCode == expectedExit && task.State == (expectedExit == 0 ? "COMPLETED" : "FAILED"),
                $"task {task.Index}: {task}, expected exit {expectedExit}\n{File.ReadAllText(LogPath(table, job, task.Index, "err"))}");
            string errors = File.ReadAllText(LogPath(table, job, task.Index, "err"));
            Assert.All(rows.Where(r => r.ExpectedError is not null), r => Assert.Contains($"error: row {r.Index}: ", errors));
            using var summary = JsonDocument.Parse(File.ReadAllText(LogPath(table, job, task.Index, "out")));
            Assert.Equal(rows.Count, summary.RootElement.GetProperty("rows").GetInt32());
            Assert.Equal($"{task.Index}/{Shards}", summary.RootElement.GetProperty("shard").GetString());
        }
        Assert.Contains(tasks, t => t.ExitCode == 0);
        var merged = Merge(table, arrayOut);
        Assert.True(merged.ExitCode == 1, merged.Stderr);
        Assert.Contains($"{Shards} shards, {table.Rows.Count} rows", merged.Stdout);
        BatchAssert.SameResults(single, arrayOut);

        // The same array with task 0 cancelled midway: the merge refuses the incomplete set; task 0 re-submitted alone with
        // --resume keeps what it had recorded, and the merge then equals the single process again.
        string cancelledOut = Path.Combine(table.Root, "cancelled");
        string second = Submit(slurm, table, cancelledOut, "0-3");
        string journal = Path.Combine(cancelledOut, $"results.shard-0-of-{Shards}.csv.journal");
        var waited = Stopwatch.StartNew();
        while (JournalFile.RecordedRows(journal) < 3 && waited.Elapsed < ArrayTimeout && slurm.Tasks(second).All(t => t.Index != 0 || !t.Ended))
            Thread.Sleep(20);
        slurm.Cancel(second, 0);
        var afterCancel = slurm.WaitForArray(second, Shards, ArrayTimeout);
        Assert.True(afterCancel[0].State == "CANCELLED", $"task 0 ended before it was cancelled ({afterCancel[0]}); make its rows slower");
        int recorded = JournalFile.RecordedRows(journal);
        Assert.InRange(recorded, 3, RowsOf(table, 0).Count - 1);
        Assert.False(File.Exists(Path.Combine(cancelledOut, $"results.shard-0-of-{Shards}.csv")), "a cancelled shard must not leave a results file");
        var refused = Merge(table, cancelledOut);
        Assert.True(refused.ExitCode == 2, refused.Stdout + refused.Stderr);
        Assert.Contains($"0/{Shards}", refused.Stderr);
        Assert.False(File.Exists(Path.Combine(cancelledOut, "results.csv")));

        string again = Submit(slurm, table, cancelledOut, "0", "--resume");
        var resumed = Assert.Single(slurm.WaitForArray(again, 1, ArrayTimeout));
        int expectedResumedExit = RowsOf(table, 0).Any(r => r.ExpectedError is not null) ? 1 : 0;
        Assert.True(resumed.ExitCode == expectedResumedExit, $"{resumed}\n{File.ReadAllText(LogPath(table, again, 0, "err"))}");
        using (var summary = JsonDocument.Parse(File.ReadAllText(LogPath(table, again, 0, "out"))))
            Assert.InRange(summary.RootElement.GetProperty("resumed").GetInt32(), 1, recorded);
        var mergedAgain = Merge(table, cancelledOut);
        Assert.True(mergedAgain.ExitCode == 1, mergedAgain.Stderr);
        BatchAssert.SameResults(single, cancelledOut);
    }

    // The README's script, submitted as the README says, with the tool this test run built.
    private static string Submit(SlurmCluster slurm, BatchTable table, string outFolder, string array, params string[] extra)
    {
        Directory.CreateDirectory(Path.Combine(table.Root, "logs"));
        var options = new[]
        {
            $"--array={array}", $"--chdir={table.Root}",
            $"--output={Path.Combine(table.Root, "logs", "%A_%a.out")}", $"--error={Path.Combine(table.Root, "logs", "%A_%a.err")}",
        };
        var scriptArgs = new[] { Shards.ToString(CultureInfo.InvariantCulture) }.Concat(table.BatchArgs(outFolder).Skip(1)).Concat(extra); // BatchArgs starts with the verb
        return slurm.Submit(options, Path.Combine(TestPaths.RepositoryRoot, "deploy", "slurm", "rednet-batch.sbatch"), scriptArgs,
            new Dictionary<string, string> { ["REDNET_DLL"] = CliRunner.ToolPath });
    }

    private static string LogPath(BatchTable table, string job, int task, string stream) => Path.Combine(table.Root, "logs", $"{job}_{task}.{stream}");

    private static List<BatchTable.Row> RowsOf(BatchTable table, int shard) => table.Rows.Where(r => new ShardSpec(shard, Shards).Contains(r.Cell)).ToList();

    private static CliRunner.Result Merge(BatchTable table, string outFolder)
        => CliRunner.Run("batch-merge", "--table", table.TablePath, "--image-column", "image", "--out", outFolder);
}

/// <summary>The collection <see cref="SlurmArrayTests"/> runs in: alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(SlurmArrayTests), DisableParallelization = true)]
public class SlurmArrayCollection
{
}
