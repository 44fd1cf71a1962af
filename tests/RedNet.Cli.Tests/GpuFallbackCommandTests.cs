namespace RedNet.Cli.Tests;

/// <summary>
/// Issue 14 (finding 12): a CUDA device that cannot be used — here always, since this build carries ONNX Runtime's CPU
/// package and the machine has no NVIDIA driver — is one line saying what was asked, why it cannot be, and that the run
/// goes on on CPU; never an exception's text (it was a raw EntryPointNotFoundException).
/// </summary>
public class GpuFallbackCommandTests
{
    [Fact]
    public void Upscale_and_batch_asked_for_a_gpu_they_cannot_use_say_why_in_one_line_and_run_on_cpu()
    {
        var dir = TestPaths.NewTempDirectory();
        TestImages.Write(Path.Combine(dir, "a.png"), 12, 10, seed: 1);
        File.WriteAllText(Path.Combine(dir, "t.csv"), "image\na.png\n");

        var upscale = CliRunner.Run("upscale", Path.Combine(dir, "a.png"), "-o", Path.Combine(dir, "out"), "--gpu", "0");
        var batch = CliRunner.Run("batch", "--table", Path.Combine(dir, "t.csv"), "--image-column", "image", "--out", Path.Combine(dir, "batch"), "--gpu", "0");

        foreach (var (verb, result) in new[] { ("upscale", upscale), ("batch", batch) })
        {
            Assert.True(result.ExitCode == 0, $"{verb}: exit {result.ExitCode}\n{result.Stderr}");
            var lines = result.Stderr.Split('\n').Where(l => l.Contains("CUDA", StringComparison.Ordinal)).ToList();
            var line = Assert.Single(lines);
            Assert.StartsWith("RedNet: CUDA device 0 is not usable (", line);
            Assert.EndsWith("); running on CPU.", line.TrimEnd());
            Assert.True(line.Length - "RedNet: CUDA device 0 is not usable (); running on CPU.".Length > 20, line); // the reason, in words
            Assert.DoesNotContain("Exception", result.Stderr);
            Assert.DoesNotContain("   at ", result.Stderr); // no stack trace
        }
        Assert.True(File.Exists(Path.Combine(dir, "out", "a_x2.png")));
        Assert.True(File.Exists(Path.Combine(dir, "batch", "000000_a_x2.png")));
    }
}
