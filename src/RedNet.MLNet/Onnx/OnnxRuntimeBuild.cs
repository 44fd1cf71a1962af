using System.Reflection;
using Microsoft.ML.OnnxRuntime;

namespace RedNet.MLNet.Onnx;

/// <summary>
/// The ONNX Runtime this build of RedNet.MLNet carries: the flavour chosen at build time (<c>-p:RedNetOnnxRuntime=Cpu|Gpu</c>),
/// and what the native library actually loaded says about itself — its version and the execution providers compiled into it.
/// Compiled in is not the same as usable: the Gpu flavour lists CUDA on a machine without a GPU too (see <see cref="InferenceDevice"/>).
/// </summary>
public static class OnnxRuntimeBuild
{
    public const string CpuProvider = "CPUExecutionProvider";
    public const string CudaProvider = "CUDAExecutionProvider";
    public const string CpuPackage = "Microsoft.ML.OnnxRuntime";

    /// <summary>"Cpu" or "Gpu": the RedNetOnnxRuntime switch this assembly was built with.</summary>
    public static string Flavour { get; } = typeof(OnnxRuntimeBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "RedNetOnnxRuntime")?.Value ?? "Cpu";

    /// <summary>The NuGet package of the flavour on this platform.</summary>
    public static string Package => Flavour == "Gpu"
        ? OperatingSystem.IsWindows() ? "Microsoft.ML.OnnxRuntime.Gpu.Windows" : "Microsoft.ML.OnnxRuntime.Gpu.Linux"
        : CpuPackage;

    /// <summary>The version of the native library loaded in this process.</summary>
    public static string Version => OrtEnv.Instance().GetVersionString();

    /// <summary>The version of the managed binding (Microsoft.ML.OnnxRuntime.dll), which must match <see cref="Version"/>.</summary>
    public static string ManagedVersion => typeof(OrtEnv).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
                                          ?? typeof(OrtEnv).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Execution providers compiled into the loaded native library, in ONNX Runtime's priority order.</summary>
    public static IReadOnlyList<string> CompiledProviders => OrtEnv.Instance().GetAvailableProviders();

    /// <summary>Whether the loaded library has the CUDA provider (whether it can run is another matter).</summary>
    public static bool HasCudaProvider => CompiledProviders.Contains(CudaProvider);
}
