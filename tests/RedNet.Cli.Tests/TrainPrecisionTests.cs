using System.Text.Json;

namespace RedNet.Cli.Tests;

/// <summary>
/// <c>rednet-train train --precision</c>: the layers' arithmetic is chosen per session; the choice is stored, a plain
/// <c>--resume</c> keeps it and an explicit one replaces it (a long run moves between CPUs with and without bf16).
/// </summary>
public class TrainPrecisionTests
{
    [Fact]
    public void Bf16_is_stored_kept_by_a_plain_resume_and_replaced_by_an_explicit_one()
    {
        var root = Path.Combine(Path.GetTempPath(), "rednet-tests", Guid.NewGuid().ToString("N"));
        string data = Path.Combine(root, "data"), run = Path.Combine(root, "run");
        for (int i = 0; i < 3; i++) TestImages.Write(Path.Combine(data, $"img{i}.png"), 40, 40, seed: 40 + i);
        var first = CliRunner.RunTrainingTool("train", "--data", data, "--val-holdout", "0", "--precision", "bf16",
            "--layers", "4", "--features", "16", "--iterations", "2", "--batch", "2", "--patch", "16", "--threads", "1", "--out", run);
        Assert.True(first.ExitCode == 0, $"rednet-train train exited {first.ExitCode}:\n{first.Stdout}\n{first.Stderr}");
        // Either line names the choice: the CPU has bf16 instructions, or it is warned that bf16 is emulated here.
        Assert.Matches("precision: layers in bf16|--precision bf16 on a CPU without", first.Stdout + first.Stderr);
        Assert.Equal("Bf16", StoredPrecision(run));

        var kept = CliRunner.RunTrainingTool("train", "--out", run, "--resume", "--iterations", "3");
        Assert.True(kept.ExitCode == 0, $"resume exited {kept.ExitCode}:\n{kept.Stdout}\n{kept.Stderr}");
        Assert.Equal("Bf16", StoredPrecision(run));

        var replaced = CliRunner.RunTrainingTool("train", "--out", run, "--resume", "--iterations", "4", "--precision", "fp32");
        Assert.True(replaced.ExitCode == 0, $"resume --precision fp32 exited {replaced.ExitCode}:\n{replaced.Stdout}\n{replaced.Stderr}");
        Assert.Equal("Fp32", StoredPrecision(run));
        Assert.DoesNotContain("bf16", replaced.Stdout + replaced.Stderr);
    }

    private static string StoredPrecision(string run)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
        return config.RootElement.GetProperty("precision").GetString()!;
    }
}
