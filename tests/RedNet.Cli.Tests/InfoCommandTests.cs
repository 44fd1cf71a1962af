using RedNet.MLNet.Onnx;

namespace RedNet.Cli.Tests;

/// <summary><c>rednet info</c> and <c>--verbose</c>: what will run, said before anything runs.</summary>
public class InfoCommandTests
{
    [Fact]
    public void Info_names_the_runtime_its_providers_the_cuda_verdict_the_cpu_and_the_embedded_models()
    {
        var result = CliRunner.Run("info");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("RedNet.NET " + RepositoryVersion.Value, lines[0]);
        Assert.Equal($"ONNX Runtime {OnnxRuntimeBuild.Version}, {OnnxRuntimeBuild.Flavour} flavour ({OnnxRuntimeBuild.Package}; managed binding {OnnxRuntimeBuild.ManagedVersion})", lines[1]);
        Assert.Equal($"  execution providers compiled in: {string.Join(", ", OnnxRuntimeBuild.CompiledProviders)}", lines[2]);
        if (GpuAvailability.WhyNotUsable(0) is { } reason) Assert.Equal("CUDA device 0: not usable: " + reason, lines[3]);
        else Assert.StartsWith("CUDA device 0: usable (", lines[3]);
        Assert.StartsWith("  NVIDIA driver: ", lines[4]);
        Assert.StartsWith("  CUDA 13 and cuDNN libraries: ", lines[5]);
        Assert.Matches(@"^CPU: .+; (x86-64(-v[234])?|arm64)\b.*; \d+ logical processors? for this process$", lines[6]);
        Assert.Matches(@"^  ONNX Runtime on CPU: \d+ intra-op threads", lines[7]);
        Assert.Equal("Embedded models:", lines[8]);
        Assert.Contains(lines, l => l.StartsWith("  rednet-x2.onnx: RED20 (10 conv + 10 deconv), x2; trained ", StringComparison.Ordinal) && l.Contains("validation PSNR "));
        // The scales are the embedded model's own (its metadata), whichever run it came from.
        string x34Scales = string.Join(", ", RedNetModelSource.ForScale(3).Scales.Select(scale => $"x{scale}"));
        Assert.Contains(lines, l => l.StartsWith($"  rednet-x34.onnx: RED10 (5 conv + 5 deconv), {x34Scales}; trained ", StringComparison.Ordinal) && l.Contains("validation PSNR "));
    }

    [Fact]
    public void Upscale_verbose_says_which_provider_runs_the_network()
    {
        var dir = TestPaths.NewTempDirectory();
        TestImages.Write(Path.Combine(dir, "a.png"), 20, 16, seed: 7);
        var result = CliRunner.Run("upscale", Path.Combine(dir, "a.png"), "--verbose");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"rednet: ONNX Runtime {OnnxRuntimeBuild.Version} ({OnnxRuntimeBuild.Flavour} flavour, {OnnxRuntimeBuild.Package}); the network runs on CPU: provider CPUExecutionProvider",
            result.Stderr);
    }

    [Fact]
    public void Info_rejects_a_negative_device_id_as_a_usage_error()
    {
        var result = CliRunner.Run("info", "--gpu", "-1");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--gpu must be 0 or more", result.Stderr);
    }
}
