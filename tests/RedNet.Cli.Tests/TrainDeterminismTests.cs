using System.IO.Compression;

namespace RedNet.Cli.Tests;

/// <summary>
/// Training is a pure function of seed, data and thread count: two runs, each in a fresh process (so neither inherits the
/// other's allocator state, kernel caches or JIT), must log bit-identical losses and end with bit-identical weights and
/// Adam moments. On an AMD EPYC with AVX-512 the code before issue 10 failed this (NaN, or runs that differed).
/// </summary>
public class TrainDeterminismTests
{
    private static string SyntheticData()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rednet-tests", Guid.NewGuid().ToString("N"), "data");
        for (int i = 0; i < 4; i++) TestImages.Write(Path.Combine(dir, $"img{i}.png"), 72, 64, seed: 10 + i);
        return dir;
    }

    private static (string Log, byte[] Weights, byte[] Optimizer) Train(string data, string decoder)
    {
        var run = Path.Combine(Path.GetTempPath(), "rednet-tests", Guid.NewGuid().ToString("N"), "run");
        // The settings of the failing case: RED10 (64 maps), batch 8 of 32x32, 20 iterations, 2 threads.
        var result = CliRunner.RunTrainingTool("train", "--data", data, "--val-holdout", "0", "--no-val", "--layers", "10", "--decoder", decoder,
            "--scale", "2", "--iterations", "20", "--batch", "8", "--patch", "32", "--log-every", "1", "--checkpoint-every", "20",
            "--threads", "2", "--seed", "5", "--out", run);
        Assert.True(result.ExitCode == 0, $"rednet-train train exited {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
        using var zip = ZipFile.OpenRead(Path.Combine(run, "checkpoint.ckpt"));
        byte[] Entry(string name)
        {
            using var s = zip.GetEntry(name)!.Open();
            var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        }
        // The log without its timing columns (elapsed seconds, patches/s).
        var log = string.Join("\n", File.ReadLines(Path.Combine(run, "log.csv")).Select(l => string.Join(',', l.Split(',').Take(5))));
        return (log, Entry("model.bin"), Entry("optimizer.bin"));
    }

    [Theory]
    [InlineData("Convolution")]
    [InlineData("TransposedConvolution")]
    public void Two_runs_in_fresh_processes_give_bit_identical_losses_and_weights(string decoder)
    {
        var data = SyntheticData();
        var first = Train(data, decoder);
        var second = Train(data, decoder);
        Assert.Equal(21, first.Log.Split('\n').Length); // header + one row per iteration
        Assert.Equal(first.Log, second.Log);
        Assert.True(first.Weights.AsSpan().SequenceEqual(second.Weights), "the weights differ between two identical runs");
        Assert.True(first.Optimizer.AsSpan().SequenceEqual(second.Optimizer), "the Adam moments differ between two identical runs");
    }
}
