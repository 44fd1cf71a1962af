namespace RedNet.MLNet.Onnx.Cuda;

/// <summary>Everything RedNet checks before asking ONNX Runtime for a CUDA session, gathered once.</summary>
/// <param name="RuntimeHasCuda">Whether the loaded ONNX Runtime has the CUDA provider compiled in (the Gpu flavour).</param>
/// <param name="RuntimeVersion">The loaded ONNX Runtime's version, for messages.</param>
/// <param name="Driver">What the NVIDIA driver says; <see cref="CudaDriverStatus.NotFound"/> when not asked (CPU flavour).</param>
/// <param name="MissingLibraries">Required CUDA/cuDNN libraries that do not load; empty when not asked (CPU flavour).</param>
public sealed record CudaFacts(bool RuntimeHasCuda, string RuntimeVersion, CudaDriverStatus Driver, IReadOnlyList<CudaLibrary> MissingLibraries)
{
    /// <summary>The facts of this process and machine. Without the CUDA provider nothing native is probed: the flavour alone decides.</summary>
    public static CudaFacts Gather()
    {
        bool hasCuda = OnnxRuntimeBuild.HasCudaProvider;
        return hasCuda
            ? new CudaFacts(true, OnnxRuntimeBuild.Version, CudaDriver.Query(), CudaLibraries.Missing())
            : new CudaFacts(false, OnnxRuntimeBuild.Version, CudaDriverStatus.NotFound, Array.Empty<CudaLibrary>());
    }
}
