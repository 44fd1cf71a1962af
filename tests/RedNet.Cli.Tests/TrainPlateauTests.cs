using System.Globalization;
using System.Text.Json;

namespace RedNet.Cli.Tests;

/// <summary>
/// <c>rednet-train train --lr-plateau</c>: the rate falls by --lr-decay where validation stops gaining, and a plain
/// <c>--resume</c> (no --lr) goes on at the lowered rate, as the long runs of models/runs are resumed session after session.
/// </summary>
public class TrainPlateauTests
{
    [Fact]
    public void A_plateau_lowers_the_rate_and_a_plain_resume_keeps_the_lowered_rate()
    {
        var root = Path.Combine(Path.GetTempPath(), "rednet-tests", Guid.NewGuid().ToString("N"));
        string data = Path.Combine(root, "data"), run = Path.Combine(root, "run");
        for (int i = 0; i < 4; i++) TestImages.Write(Path.Combine(data, $"img{i}.png"), 48, 48, seed: 20 + i);
        // One image held out and validated every 2 iterations; no 8-layer net gains 1000 dB, so the validation at 4 halves the rate.
        var first = CliRunner.RunTrainingTool("train", "--data", data, "--val-holdout", "1", "--validate-every", "2", "--lr-plateau", "1000",
            "--layers", "4", "--features", "16", "--iterations", "4", "--batch", "2", "--patch", "16", "--lr", "0.001", "--log-every", "1",
            "--threads", "1", "--out", run);
        Assert.True(first.ExitCode == 0, $"rednet-train train exited {first.ExitCode}:\n{first.Stdout}\n{first.Stderr}");
        Assert.Contains("learning rate 0.001 -> 0.0005", first.Stdout + first.Stderr); // the trainer's lines go with its progress, to stderr
        Assert.Equal(0.0005, StoredRate(run));

        var resumed = CliRunner.RunTrainingTool("train", "--out", run, "--resume", "--iterations", "5");
        Assert.True(resumed.ExitCode == 0, $"rednet-train train --resume exited {resumed.ExitCode}:\n{resumed.Stdout}\n{resumed.Stderr}");
        Assert.DoesNotContain("learning rate changed on resume", resumed.Stdout + resumed.Stderr);
        var row5 = File.ReadLines(Path.Combine(run, "log.csv")).Last().Split(',');
        Assert.Equal("5", row5[0]);
        Assert.Equal(0.0005, double.Parse(row5[2], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_plateau_without_validation_is_refused_before_training()
    {
        var result = CliRunner.RunTrainingTool("train", "--data", Path.GetTempPath(), "--no-val", "--lr-plateau", "0.05",
            "--out", Path.Combine(Path.GetTempPath(), "rednet-tests", Guid.NewGuid().ToString("N")));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--lr-plateau", result.Stderr);
    }

    private static double StoredRate(string run)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
        return config.RootElement.GetProperty("learningRate").GetDouble();
    }
}
