using System.Diagnostics;

namespace RedNet.Cli.Tests;

/// <summary>Issue 14: a resume never reuses another table's outputs, and two runs never write one results table at once.</summary>
public class BatchIdentityTests
{
    [Fact]
    public void Resume_with_another_table_of_the_same_name_is_refused_with_exit_2()
    {
        var table = BatchTable.Create(rowCount: 3, badEvery: 1000);
        var first = CliRunner.Run(table.BatchArgs());
        Assert.True(first.ExitCode == 0, first.Stderr);

        // Same file name, same column, other rows: the journal's rows are not this table's.
        var other = BatchTable.Create(rowCount: 4, badEvery: 1000, minSide: 20, maxSide: 22);
        File.Copy(other.TablePath, table.TablePath, overwrite: true);
        string resultsBefore = File.ReadAllText(Path.Combine(table.Out, "results.csv"));

        var resumed = CliRunner.Run(table.BatchArgs(extra: "--resume"));

        Assert.True(resumed.ExitCode == 2, $"exit {resumed.ExitCode}\n{resumed.Stderr}");
        Assert.Contains($"error: '{Path.Combine(table.Out, "results.csv.journal")}' was written by a batch with other settings (a different table — table-bytes: journal", resumed.Stderr);
        Assert.Contains("table-sha256: journal ", resumed.Stderr);
        Assert.DoesNotContain("scale:", resumed.Stderr); // only what differs is listed
        Assert.Equal(resultsBefore, File.ReadAllText(Path.Combine(table.Out, "results.csv")));
    }

    [Fact]
    public void A_second_batch_into_the_same_out_is_refused_while_the_first_runs_and_a_killed_run_leaves_no_lock()
    {
        var table = BatchTable.Create(rowCount: 150, badEvery: 1000);
        using (var process = CliRunner.Start(table.BatchArgs()))
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            string journal = Path.Combine(table.Out, "results.csv.journal");
            JournalFile.WaitForRows(process, journal, 1);
            Assert.False(process.HasExited, "the first batch ended before the second could start; make the table larger");

            // Other settings, same --out: refused, and the first run's journal is untouched.
            var second = CliRunner.Run(table.BatchArgs(extra: new[] { "--scale", "3" }));

            Assert.False(process.HasExited, "the first batch ended while the second ran; make the table larger");
            Assert.True(second.ExitCode == 2, $"exit {second.ExitCode}\n{second.Stderr}");
            Assert.Contains($"error: another rednet batch is writing '{Path.Combine(table.Out, "results.csv")}' right now", second.Stderr);
            Assert.Contains("scale=2", File.ReadLines(journal).First());
            process.Kill();
            process.WaitForExit();
        }

        // The kill released the lock: the run resumes and finishes; its lock file goes with it.
        var resumed = CliRunner.Run(table.BatchArgs(extra: "--resume"));
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.False(File.Exists(Path.Combine(table.Out, ".results.csv.lock")));
    }
}
