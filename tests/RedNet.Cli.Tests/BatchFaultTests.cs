using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Tests;

/// <summary>Issue 14: `batch` facing I/O faults and special files: a clear message and a documented exit code, never a crash.</summary>
public class BatchFaultTests
{
    [SkippableFact]
    public void A_full_disk_under_the_journal_stops_the_run_with_exit_2_and_a_message_naming_the_file()
    {
        Skip.IfNot(File.Exists("/dev/full"), "no /dev/full here");
        var table = BatchTable.Create(rowCount: 3, badEvery: 1000);
        Directory.CreateDirectory(table.Out);
        string journal = Path.Combine(table.Out, "results.csv.journal");
        File.CreateSymbolicLink(journal, "/dev/full"); // every write to it fails with ENOSPC, as on a full disk

        var result = CliRunner.Run(table.BatchArgs());

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\n{result.Stderr}");
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Contains($"error: cannot write '{journal}' (No space left on device", result.Stderr);
        Assert.Contains("rerun with --resume", result.Stderr);
        Assert.False(File.Exists(Path.Combine(table.Out, "results.csv")));
    }

    [SkippableFact]
    public void An_existing_out_folder_that_cannot_be_written_is_a_usage_error()
    {
        // Permissions do not stop root, and the tests may run as root: /proc is a folder nobody can create files in.
        Skip.IfNot(OperatingSystem.IsLinux() && Directory.Exists("/proc/self"), "no /proc here");
        var table = BatchTable.Create(rowCount: 2, badEvery: 1000);

        var result = CliRunner.Run(table.BatchArgs("/proc"));

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\n{result.Stderr}");
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Contains("error: --out '/proc' cannot be used as the output folder", result.Stderr);
    }

    [SkippableFact]
    public void A_fifo_row_is_a_row_error_naming_it_and_resume_does_not_block_on_it()
    {
        var table = BatchTable.Create(rowCount: 2, badEvery: 1000);
        string fifo = Path.Combine(table.TableFolder, "pipe.png");
        Skip.IfNot(BadFiles.TryMakeFifo(fifo), "no mkfifo here");
        File.AppendAllText(table.TablePath, "r2,pipe.png,fifo\n");

        foreach (var extra in new[] { Array.Empty<string>(), new[] { "--resume" } })
        {
            var result = CliRunner.Run(TimeSpan.FromMinutes(2), table.BatchArgs(extra: extra));
            Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\n{result.Stderr}");
            Assert.Contains($"error: row 2: '{fifo}' is a FIFO (named pipe), not a regular file; refused without opening it.", result.Stderr);
        }
    }

    [Fact]
    public void What_an_input_lost_is_a_warning_line_naming_the_row_and_the_file()
    {
        var table = BatchTable.Create(rowCount: 2, badEvery: 1000);
        string turned = Path.Combine(table.TableFolder, "turned.jpg");
        File.WriteAllBytes(turned, BadFiles.WithExifOrientation(ImageCodec.Encode(TestImages.Pattern(12, 8, seed: 2), ".jpg"), 6));
        File.AppendAllText(table.TablePath, "r2,turned.jpg,EXIF\n");

        var result = CliRunner.Run(table.BatchArgs());

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"warning: row 2: '{turned}': EXIF orientation 6 applied (8x12 as shown by viewers).", result.Stderr);
    }
}
