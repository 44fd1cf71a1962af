using System.Reflection;
using System.Text.RegularExpressions;
using RedNet.MLNet.Onnx;

namespace RedNet.MLNet.Tests.Onnx;

/// <summary>
/// The Gpu flavour builds and passes too. Building the whole solution with it would restore and copy CUDA's provider into
/// every output; RedNet.MLNet and this test project are enough to show that the flavour builds on its own output path and
/// that its ONNX Runtime behaves as the tests of <see cref="InferenceDeviceTests"/> expect. Measured on the project's 2-core
/// machine with the packages already in the NuGet cache: 57 s from an empty artifacts/onnxruntime-gpu/; a clean machine
/// first restores Microsoft.ML.OnnxRuntime.Gpu.Linux (539 MB).
/// </summary>
public class GpuFlavourBuildTests
{
    [SkippableFact]
    [Trait("Category", "GpuFlavourBuild")]
    public void The_gpu_flavour_builds_into_its_own_output_and_passes_the_device_tests()
    {
        Skip.If(OnnxRuntimeBuild.Flavour == "Gpu", "this is the Gpu flavour's own run");
        string root = TestPaths.RepositoryRoot;
        string configuration = typeof(GpuFlavourBuildTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var (exitCode, output) = DotnetCommand.Run(root, TimeSpan.FromMinutes(20), "test", Path.Combine("tests", "RedNet.MLNet.Tests", "RedNet.MLNet.Tests.csproj"),
            "-c", configuration, "-p:RedNetOnnxRuntime=Gpu", "--filter", $"Category={InferenceDeviceTests.OnnxRuntimeFlavourCategory}", "-v", "q");
        string tail = output.Length > 4000 ? output[^4000..] : output;
        Assert.True(exitCode == 0, $"dotnet test -p:RedNetOnnxRuntime=Gpu exited with {exitCode}:\n{tail}");
        var summary = Regex.Match(output, @"Failed:\s+(\d+), Passed:\s+(\d+)");
        Assert.True(summary.Success, tail);
        Assert.Equal("0", summary.Groups[1].Value);
        Assert.True(int.Parse(summary.Groups[2].Value) >= 5, tail);

        // Each flavour in its own output: the CUDA provider beside the Gpu flavour's tests, never beside these.
        string relative = Path.GetRelativePath(Path.Combine(root, "tests", "RedNet.MLNet.Tests", "bin"), AppContext.BaseDirectory);
        string gpuOutput = Path.Combine(root, "artifacts", "onnxruntime-gpu", "bin", "RedNet.MLNet.Tests", relative);
        string provider = OperatingSystem.IsWindows() ? "onnxruntime_providers_cuda.dll" : "libonnxruntime_providers_cuda.so";
        Assert.True(File.Exists(Path.Combine(gpuOutput, provider)), $"no {provider} in {gpuOutput}");
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, provider)));
    }
}
