using Microsoft.ML;
using RedNet.MLNet.Onnx;
using RedNet.MLNet.Onnx.Cuda;
using static RedNet.MLNet.Tests.Transforms.PipelineFixture;

namespace RedNet.MLNet.Tests.Onnx;

/// <summary>
/// Where a pipeline runs, in whichever ONNX Runtime flavour this test assembly was built with: the CPU flavour (the default
/// build) and the Gpu flavour (built by <see cref="GpuFlavourBuildTests"/>, or by hand with -p:RedNetOnnxRuntime=Gpu) both
/// run this class. Without a usable CUDA device the fallback tests run and the CUDA ones skip; with one, the reverse.
/// </summary>
[Trait("Category", OnnxRuntimeFlavourCategory)]
public class InferenceDeviceTests
{
    /// <summary>The tests the Gpu flavour build runs (xUnit trait filter Category=OnnxRuntimeFlavour).</summary>
    public const string OnnxRuntimeFlavourCategory = "OnnxRuntimeFlavour";

    private static readonly Lazy<string?> WhyCuda0NotUsable = new(() => GpuAvailability.WhyNotUsable(0));

    private static List<string> CaptureLog(Action action)
    {
        var lines = new List<string>();
        var previous = RedNetLog.Sink;
        RedNetLog.Sink = lines.Add;
        try
        {
            action();
        }
        finally
        {
            RedNetLog.Sink = previous;
        }
        return lines;
    }

    // What this machine and flavour must give as the reason: the flavour alone for the CPU package; else each missing piece.
    private static void AssertReasonNamesWhatIsMissing(string reason)
    {
        if (OnnxRuntimeBuild.Flavour == "Cpu")
        {
            Assert.Contains("CPU package of ONNX Runtime", reason);
            Assert.Contains("-p:RedNetOnnxRuntime=Gpu", reason);
            return;
        }
        var facts = CudaFacts.Gather();
        if (!facts.Driver.Found) Assert.Contains($"no NVIDIA driver ({CudaRequirements.DriverLibrary} not found)", reason);
        foreach (var library in facts.MissingLibraries) Assert.Contains(library.File, reason);
    }

    [Fact]
    public void The_loaded_onnx_runtime_is_the_flavour_this_build_chose_and_the_only_one_in_the_output()
    {
        Assert.Equal(OnnxRuntimeBuild.ManagedVersion, OnnxRuntimeBuild.Version);
        Assert.Equal(OnnxRuntimeBuild.Flavour == "Gpu", OnnxRuntimeBuild.HasCudaProvider);
        Assert.Contains(OnnxRuntimeBuild.CpuProvider, OnnxRuntimeBuild.CompiledProviders);
        var output = AppContext.BaseDirectory;
        bool cudaProviderFile = File.Exists(Path.Combine(output, "libonnxruntime_providers_cuda.so")) || File.Exists(Path.Combine(output, "onnxruntime_providers_cuda.dll"));
        Assert.Equal(OnnxRuntimeBuild.Flavour == "Gpu", cudaProviderFile);
    }

    [SkippableFact]
    public void Cuda_requested_where_it_cannot_run_logs_one_line_with_the_reason_and_runs_on_cpu_with_the_same_output()
    {
        Skip.If(WhyCuda0NotUsable.Value is null, "CUDA device 0 works here: the CUDA tests run instead");
        var ml = new MLContext(1);
        var data = Paths(ml, HrImages[0]);
        RedNetUpscalingTransformer gpu = null!;
        var lines = CaptureLog(() => gpu = ml.Transforms.RedNetUpscale(options: new RedNetUpscaleOptions { GpuDeviceId = 0 }).Fit(LoadAndDownscale(ml, 2).Fit(data).Transform(data)));
        var device = gpu.Network.Device;
        Assert.False(device.OnGpu);
        Assert.False(gpu.Network.OnGpu);
        Assert.Equal(0, device.RequestedGpuDeviceId);
        Assert.Equal(new[] { OnnxRuntimeBuild.CpuProvider }, device.Providers);
        AssertReasonNamesWhatIsMissing(device.FallbackReason!);
        Assert.Equal($"RedNet: CUDA device 0 is not usable ({device.FallbackReason}); running on CPU.", Assert.Single(lines));

        var downscaled = LoadAndDownscale(ml, 2).Fit(data).Transform(data);
        var cpu = ml.Transforms.RedNetUpscale().Fit(downscaled);
        Assert.Equal(Pixels(cpu.Transform(downscaled), "Upscaled"), Pixels(gpu.Transform(downscaled), "Upscaled"));
    }

    [SkippableFact]
    public void FallbackToCpu_false_makes_an_unusable_device_an_error_that_says_why()
    {
        Skip.If(WhyCuda0NotUsable.Value is null, "CUDA device 0 works here: the CUDA tests run instead");
        var ml = new MLContext(1);
        var data = LoadAndDownscale(ml, 2).Fit(Paths(ml, HrImages[0])).Transform(Paths(ml, HrImages[0]));
        var lines = CaptureLog(() =>
        {
            var e = Assert.Throws<InvalidOperationException>(() => ml.Transforms.RedNetUpscale(options: new RedNetUpscaleOptions { GpuDeviceId = 0, FallbackToCpu = false }).Fit(data));
            Assert.StartsWith("CUDA device 0 cannot be used (", e.Message);
            Assert.EndsWith(") and FallbackToCpu is false.", e.Message);
            AssertReasonNamesWhatIsMissing(e.Message);
        });
        Assert.Empty(lines);
    }

    [SkippableFact]
    public void A_device_id_the_driver_does_not_list_is_named_as_missing()
    {
        Skip.IfNot(OnnxRuntimeBuild.HasCudaProvider && CudaDriver.Query().Devices.Count > 0,
            "needs the Gpu flavour and an NVIDIA driver with a device; CudaDiagnosisTests cover the wording without one");
        string reason = GpuAvailability.WhyNotUsable(99)!;
        Assert.StartsWith("device 99 does not exist (this machine has ", reason);
    }

    [SkippableFact]
    public void What_onnx_runtime_itself_says_is_the_reason_when_the_checks_before_it_pass()
    {
        // Facts that say all is well take the check past RedNet's own findings to the CUDA provider: here the real one of the
        // Gpu package, on a machine without the libraries it links, so ONNX Runtime fails to load it.
        Skip.IfNot(OnnxRuntimeBuild.HasCudaProvider && CudaLibraries.Missing().Count > 0, "needs the Gpu flavour on a machine without CUDA's libraries");
        var allWell = new CudaFacts(true, OnnxRuntimeBuild.Version, new CudaDriverStatus(true, null, 13000, new[] { new CudaDevice(0, "a device", 9, 0, 1L << 30) }), Array.Empty<CudaLibrary>());
        var device = InferenceDeviceSelection.Choose(0, RedNet.MLNet.Onnx.ExecutionProviderProbe.DefaultGraph(), () => allWell);
        Assert.False(device.OnGpu);
        Assert.StartsWith("ONNX Runtime could not run the network on it: ", device.FallbackReason);
        Assert.Contains("Failed to load shared library", device.FallbackReason);
    }

    [Fact]
    public void The_environment_report_agrees_with_the_runtime_and_the_device_check()
    {
        var report = RedNet.MLNet.Diagnostics.EnvironmentReport.Collect(0);
        Assert.Equal(OnnxRuntimeBuild.Flavour, report.OnnxRuntimeFlavour);
        Assert.Equal(OnnxRuntimeBuild.Version, report.OnnxRuntimeVersion);
        Assert.Equal(OnnxRuntimeBuild.CompiledProviders, report.CompiledProviders);
        Assert.Equal(WhyCuda0NotUsable.Value, report.Cuda.FallbackReason);
        Assert.Equal(WhyCuda0NotUsable.Value is null, report.Cuda.OnGpu);
        Assert.True(report.OnnxRuntimeCpuThreads >= 1);
        Assert.Equal(RedNetModelSource.EmbeddedModels.Count, report.EmbeddedModels.Count);
        Assert.Contains(report.Lines(), l => l.StartsWith("CUDA device 0: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_negative_device_id_is_rejected_as_an_argument()
    {
        var ml = new MLContext(1);
        var data = LoadAndDownscale(ml, 2).Fit(Paths(ml, HrImages[0])).Transform(Paths(ml, HrImages[0]));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.RedNetUpscale(options: new RedNetUpscaleOptions { GpuDeviceId = -1 }).Fit(data));
        Assert.Equal(nameof(ApplyRedNetOptions.GpuDeviceId), e.ParamName);
    }

    [Fact]
    public void A_context_with_a_GpuDeviceId_does_not_redirect_a_pipeline_fitted_for_cpu()
    {
        // ML.NET's ApplyOnnxModel takes the context's GpuDeviceId when given none; with the CPU package that threw
        // EntryPointNotFoundException at Fit even though RedNet had asked for CPU.
        var ml = new MLContext(1) { GpuDeviceId = 0, FallbackToCpu = false };
        var data = LoadAndDownscale(ml, 2).Fit(Paths(ml, HrImages[0])).Transform(Paths(ml, HrImages[0]));
        RedNetUpscalingTransformer model = null!;
        var lines = CaptureLog(() => model = ml.Transforms.RedNetUpscale().Fit(data));
        Assert.Empty(lines);
        Assert.False(model.Network.Device.OnGpu);
        Assert.Null(model.Network.Device.RequestedGpuDeviceId);
        Assert.Single(Pixels(model.Transform(data), "Upscaled"));
    }

    [SkippableFact]
    public void A_pipeline_loaded_with_a_context_gpu_that_cannot_run_says_why_and_runs_on_cpu_or_fails_when_asked()
    {
        Skip.If(WhyCuda0NotUsable.Value is null, "CUDA device 0 works here: the CUDA tests run instead");
        var ml = new MLContext(1);
        var data = Paths(ml, HrImages[0]);
        var fitted = LoadAndDownscale(ml, 2).Append(ml.Transforms.RedNetUpscale()).Fit(data);
        var path = Path.Combine(TestPaths.NewTempDirectory(), "pipeline.zip");
        ml.Model.Save(fitted, data.Schema, path);

        var gpuContext = new MLContext(2) { GpuDeviceId = 0, FallbackToCpu = true };
        ITransformer loaded = null!;
        InferenceDevice device = null!;
        var lines = CaptureLog(() => loaded = gpuContext.RedNet().LoadModel(path, out _, out device));
        Assert.False(device.OnGpu);
        AssertReasonNamesWhatIsMissing(device.FallbackReason!);
        Assert.Equal($"RedNet: CUDA device 0 is not usable ({device.FallbackReason}); running on CPU.", Assert.Single(lines));
        Assert.Equal(Pixels(fitted.Transform(data), "Upscaled"), Pixels(loaded.Transform(Paths(gpuContext, HrImages[0])), "Upscaled"));
        Assert.Equal(0, gpuContext.GpuDeviceId);
        Assert.True(gpuContext.FallbackToCpu);

        var strict = new MLContext(3) { GpuDeviceId = 0, FallbackToCpu = false };
        using var stream = File.OpenRead(path);
        var e = Assert.Throws<InvalidOperationException>(() => strict.RedNet().LoadModel(stream, out _, out _));
        AssertReasonNamesWhatIsMissing(e.Message);
        Assert.Equal(0, strict.GpuDeviceId);
        Assert.False(strict.FallbackToCpu);
    }

    [SkippableFact]
    public void Cuda_device_0_runs_the_network_when_it_works()
    {
        Skip.IfNot(WhyCuda0NotUsable.Value is null, $"CUDA device 0 is not usable here: {WhyCuda0NotUsable.Value}");
        var ml = new MLContext(1);
        var data = LoadAndDownscale(ml, 2).Fit(Paths(ml, HrImages)).Transform(Paths(ml, HrImages));
        RedNetUpscalingTransformer gpu = null!;
        var lines = CaptureLog(() => gpu = ml.Transforms.RedNetUpscale(options: new RedNetUpscaleOptions { GpuDeviceId = 0, FallbackToCpu = false }).Fit(data));
        Assert.Empty(lines);
        var device = gpu.Network.Device;
        Assert.True(device.OnGpu);
        Assert.Equal(new[] { OnnxRuntimeBuild.CudaProvider, OnnxRuntimeBuild.CpuProvider }, device.Providers);
        Assert.True(device.NodesByProvider.GetValueOrDefault(OnnxRuntimeBuild.CudaProvider) > 0, device.ToString());

        // cuDNN's convolutions round differently from MLAS's: the same images within a fraction of a grey level.
        var cpu = ml.Transforms.RedNetUpscale().Fit(data);
        var onGpu = Pixels(gpu.Transform(data), "Upscaled");
        var onCpu = Pixels(cpu.Transform(data), "Upscaled");
        for (int i = 0; i < onCpu.Count; i++)
            Assert.True(onCpu[i].Zip(onGpu[i], (a, b) => Math.Abs(a - b)).Max() <= 1, $"image {i} differs by more than one grey level");

        var path = Path.Combine(TestPaths.NewTempDirectory(), "pipeline.zip");
        ml.Model.Save(gpu, data.Schema, path);
        new MLContext(2) { GpuDeviceId = 0, FallbackToCpu = false }.RedNet().LoadModel(path, out _, out var loaded);
        Assert.True(loaded.OnGpu);
    }
}
