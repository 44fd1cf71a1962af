namespace RedNet.Cli.Tests;

/// <summary>The two tools as installed programs: the version they report, and the inference tool pointing at the training tool.</summary>
public class ToolPackagingTests
{
    [Theory]
    [InlineData("rednet")]
    [InlineData("rednet-train")]
    public void Version_prints_the_repository_version(string tool)
    {
        var result = tool == "rednet" ? CliRunner.Run("--version") : CliRunner.RunTrainingTool("--version");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(RepositoryVersion.Value, result.Stdout.Trim());
    }

    [Theory]
    [InlineData("train", "--data", "x", "--scale", "2", "--out", "run")]
    [InlineData("export", "run", "-o", "m.onnx")]
    public void Rednet_train_and_export_say_which_tool_to_install_and_exit_with_the_usage_code(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(Program.UsageError, result.ExitCode);
        Assert.Contains($"error: '{args[0]}' is in the rednet-train tool", result.Stderr);
        Assert.Contains("dotnet tool install --global rednet-train", result.Stderr);
        Assert.Contains($"rednet-train {args[0]} ...", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void The_inference_tool_does_not_carry_torchsharp()
    {
        // rednet.deps.json lists what the tool loads; the training tool beside it in this folder must not leak into it.
        var deps = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "rednet.deps.json"));
        Assert.DoesNotContain("TorchSharp", deps);
        Assert.DoesNotContain("libtorch", deps);
        Assert.Contains("TorchSharp", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "rednet-train.deps.json")));
    }
}
