using System.Globalization;
using System.Reflection;
using RedNet.MLNet.Onnx;
using RedNet.MLNet.Onnx.Cuda;

namespace RedNet.MLNet.Diagnostics;

/// <summary>
/// What a RedNet pipeline will run on here, and why: RedNet's version, the ONNX Runtime flavour, version and compiled-in
/// providers, whether a CUDA device is usable (and if not, the reason in user terms, with what the driver and the library
/// search found), the CPU and the intra-op threads ONNX Runtime uses on it, and the embedded models. What <c>rednet info</c> prints.
/// Both the CUDA verdict and the thread count come from real runs of the default graph, as a pipeline's Fit would do them.
/// </summary>
public sealed class EnvironmentReport
{
    private EnvironmentReport() { }

    /// <summary>RedNet.MLNet's informational version (version + commit).</summary>
    public string RedNetVersion { get; private init; } = "";

    /// <summary>"Cpu" or "Gpu" (<see cref="OnnxRuntimeBuild.Flavour"/>).</summary>
    public string OnnxRuntimeFlavour { get; private init; } = "";

    public string OnnxRuntimePackage { get; private init; } = "";
    public string OnnxRuntimeVersion { get; private init; } = "";
    public string OnnxRuntimeManagedVersion { get; private init; } = "";
    public IReadOnlyList<string> CompiledProviders { get; private init; } = Array.Empty<string>();

    /// <summary>The CUDA device checked.</summary>
    public int GpuDeviceId { get; private init; }

    /// <summary>Where a pipeline asking for <see cref="GpuDeviceId"/> would run: on it, or on CPU with the reason.</summary>
    public InferenceDevice Cuda { get; private init; } = null!;

    /// <summary>The NVIDIA driver, asked whatever the flavour (a CPU build on a GPU machine is worth knowing about).</summary>
    public CudaDriverStatus Driver { get; private init; } = CudaDriverStatus.NotFound;

    public IReadOnlyList<CudaLibrary> MissingCudaLibraries { get; private init; } = Array.Empty<CudaLibrary>();
    public CpuDescription Cpu { get; private init; } = null!;

    /// <summary>Intra-op threads of a CPU session with ML.NET's defaults, as ONNX Runtime's profiler recorded them.</summary>
    public int? OnnxRuntimeCpuThreads { get; private init; }

    public IReadOnlyList<RedNetOnnxModel> EmbeddedModels { get; private init; } = Array.Empty<RedNetOnnxModel>();

    /// <summary>Gathers the report, checking CUDA device <paramref name="gpuDeviceId"/> (a second or two: two short runs).</summary>
    public static EnvironmentReport Collect(int gpuDeviceId = 0)
    {
        var driver = CudaDriver.Query();
        var missing = CudaLibraries.Missing();
        var facts = new CudaFacts(OnnxRuntimeBuild.HasCudaProvider, OnnxRuntimeBuild.Version, driver, missing);
        var graph = ExecutionProviderProbe.DefaultGraph();
        return new EnvironmentReport
        {
            RedNetVersion = typeof(EnvironmentReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            OnnxRuntimeFlavour = OnnxRuntimeBuild.Flavour,
            OnnxRuntimePackage = OnnxRuntimeBuild.Package,
            OnnxRuntimeVersion = OnnxRuntimeBuild.Version,
            OnnxRuntimeManagedVersion = OnnxRuntimeBuild.ManagedVersion,
            CompiledProviders = OnnxRuntimeBuild.CompiledProviders,
            GpuDeviceId = gpuDeviceId,
            Cuda = InferenceDeviceSelection.Choose(gpuDeviceId, graph, () => facts),
            Driver = driver,
            MissingCudaLibraries = missing,
            Cpu = CpuDescription.OfThisMachine(),
            OnnxRuntimeCpuThreads = ExecutionProviderProbe.Run(graph, null).IntraOpThreads,
            EmbeddedModels = RedNetModelSource.EmbeddedModels,
        };
    }

    /// <summary>The report as text lines, as <c>rednet info</c> prints it.</summary>
    public IEnumerable<string> Lines()
    {
        yield return $"RedNet.NET {RedNetVersion}";
        yield return $"ONNX Runtime {OnnxRuntimeVersion}, {OnnxRuntimeFlavour} flavour ({OnnxRuntimePackage}; managed binding {OnnxRuntimeManagedVersion})";
        yield return $"  execution providers compiled in: {string.Join(", ", CompiledProviders)}";
        yield return Cuda.OnGpu
            ? $"CUDA device {GpuDeviceId}: usable ({Cuda.GpuName}); nodes of a check run: {string.Join(", ", Cuda.NodesByProvider.Select(p => $"{p.Key} {p.Value}"))}"
            : $"CUDA device {GpuDeviceId}: not usable: {Cuda.FallbackReason}";
        yield return "  NVIDIA driver: " + (!Driver.Found ? $"not found ({CudaRequirements.DriverLibrary})"
            : Driver.InitError is { } error ? $"does not start ({error})"
            : $"supports CUDA {Driver.CudaVersionText ?? "?"}; devices: {(Driver.Devices.Count == 0 ? "none" : string.Join("; ", Driver.Devices))}");
        yield return $"  CUDA {CudaRequirements.CudaMajorVersion} and cuDNN libraries: " + (MissingCudaLibraries.Count == 0 ? "all found"
            : "missing " + string.Join(", ", MissingCudaLibraries.Select(l => $"{l.File} ({l.Component})")));
        yield return $"CPU: {Cpu}";
        yield return $"  ONNX Runtime on CPU: {DefaultCpuThreads.Value.ToString(CultureInfo.InvariantCulture)} intra-op threads by default (CpuThreads, --threads: one per physical core this process may use); " +
                     $"ONNX Runtime's own default here: {(OnnxRuntimeCpuThreads is int t ? t.ToString(CultureInfo.InvariantCulture) : "?")} (from a check run)";
        yield return "Embedded models:";
        foreach (var model in EmbeddedModels) yield return "  " + Describe(model);
    }

    private static string Describe(RedNetOnnxModel model)
    {
        var config = model.Weights.Config;
        string name = model.Source.StartsWith("embedded model ", StringComparison.Ordinal) ? model.Source["embedded model ".Length..] : model.Source;
        string iterations = int.TryParse(model.Get(RedNetOnnxMetadata.Iterations), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n)
            ? n.ToString("N0", CultureInfo.InvariantCulture) + " iterations" : "iterations unknown";
        string psnr = double.TryParse(model.Get(RedNetOnnxMetadata.ValidationPsnr), NumberStyles.Float, CultureInfo.InvariantCulture, out double p)
            ? $"validation PSNR {p.ToString("0.00", CultureInfo.InvariantCulture)} dB ({model.Get(RedNetOnnxMetadata.ValidationSet)}, iteration {model.Get(RedNetOnnxMetadata.ValidationIteration)})"
            : "no validation PSNR recorded";
        string int8 = model.Int8 is { } c ? $", int8 (calibrated on {c.Source})" : "";
        return $"{name}: {config.Name} ({config.Layers} conv + {config.Layers} deconv){int8}, x{string.Join(", x", model.Scales)}; trained {iterations} on {model.Get(RedNetOnnxMetadata.TrainingData)?.Replace(';', '+')}; {psnr}";
    }
}
