using System.Diagnostics;
using System.Text.Json;

namespace RedNet.Cli.Tests;

public class BatchResumeTests
{
    [Fact]
    public void A_batch_killed_midway_and_resumed_ends_with_the_results_of_an_uninterrupted_run()
    {
        var table = BatchTable.Create(rowCount: 100, badEvery: 9);
        string uninterrupted = Path.Combine(table.Root, "out-uninterrupted");
        var reference = CliRunner.Run(table.BatchArgs(uninterrupted));
        Assert.True(reference.ExitCode == 1, reference.Stderr);

        // Kill -9 once a few rows are recorded: no chance to clean up, a row may be half written.
        using (var process = CliRunner.Start(table.BatchArgs()))
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            string journal = Path.Combine(table.Out, "results.csv.journal");
            JournalFile.WaitForRows(process, journal, 15);
            Assert.False(process.HasExited, "the batch finished before it could be killed; make the table larger");
            process.Kill();
            process.WaitForExit();
            int recorded = JournalFile.RecordedRows(journal);
            Assert.InRange(recorded, 15, table.Rows.Count - 1);
        }
        Assert.False(File.Exists(Path.Combine(table.Out, "results.csv")), "the results table is only written when the batch completes");

        var resumed = CliRunner.Run(table.BatchArgs(extra: new[] { "--resume", "--json" }));

        Assert.True(resumed.ExitCode == 1, resumed.Stderr);
        using var json = JsonDocument.Parse(resumed.Stdout);
        Assert.InRange(json.RootElement.GetProperty("resumed").GetInt32(), 10, table.Rows.Count - 1);
        BatchAssert.SameResults(uninterrupted, table.Out);
        Assert.Empty(Directory.EnumerateFiles(table.Out, "*.partial"));
    }
}
