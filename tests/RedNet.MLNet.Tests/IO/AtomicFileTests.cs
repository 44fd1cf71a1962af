using System.Diagnostics;

namespace RedNet.MLNet.Tests.IO;

/// <summary>Issue 14: temporary files of killed writers are cleaned up; a live writer's are not touched.</summary>
public class AtomicFileTests
{
    [Fact]
    public void Abandoned_temporary_files_go_and_those_of_live_writers_stay()
    {
        var dir = TestPaths.NewTempDirectory();
        // A pid that no longer runs: a process that has exited.
        using var gone = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
        gone.StandardOutput.ReadToEnd();
        gone.WaitForExit();
        string abandoned = Path.Combine(dir, $"checkpoint.ckpt.{gone.Id}.{Guid.NewGuid():N}{AtomicFile.TemporarySuffix}");
        string live = Path.Combine(dir, $"log.csv.{Environment.ProcessId}.{Guid.NewGuid():N}{AtomicFile.TemporarySuffix}");
        string other = Path.Combine(dir, "notes.partial"); // not named by AtomicFile: left alone
        foreach (var f in new[] { abandoned, live, other }) File.WriteAllText(f, "x");

        Assert.Equal(1, AtomicFile.RemoveAbandoned(dir));

        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other));
        Assert.Equal(0, AtomicFile.RemoveAbandoned(Path.Combine(dir, "missing")));
    }

    [Fact]
    public void A_write_that_fails_leaves_the_old_file_and_no_temporary_one()
    {
        var dir = TestPaths.NewTempDirectory();
        string target = Path.Combine(dir, "result.txt");
        File.WriteAllText(target, "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(target, stream =>
        {
            stream.Write("half of the new"u8);
            throw new InvalidOperationException("stopped");
        }));
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Single(Directory.EnumerateFiles(dir));

        using (var pending = AtomicFile.Begin(target))
        {
            pending.Stream.Write("new"u8);
            Assert.Equal("old", File.ReadAllText(target));
            pending.Commit();
            Assert.Equal(Path.GetFullPath(target), pending.Target);
        }
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Single(Directory.EnumerateFiles(dir));
    }
}
