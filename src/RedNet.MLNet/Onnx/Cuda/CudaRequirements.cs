namespace RedNet.MLNet.Onnx.Cuda;

/// <summary>A shared library ONNX Runtime's CUDA provider needs, and what installs it.</summary>
/// <param name="File">The file name the provider asks the system loader for.</param>
/// <param name="Component">What ships it, in the words of NVIDIA's downloads (e.g. "cuBLAS, CUDA 13").</param>
public sealed record CudaLibrary(string File, string Component);

/// <summary>
/// What the CUDA provider of the Gpu flavour (Microsoft.ML.OnnxRuntime.Gpu.Linux / .Windows 1.31.0) needs from the system.
/// Read from the package's binaries: the libraries libonnxruntime_providers_cuda.so links (ELF DT_NEEDED; PE imports on
/// Windows) plus cuDNN, which it loads by name at run time (its convolutions need it). The driver is listed apart because its
/// absence, age or lack of a device is told differently from a missing toolkit library.
/// </summary>
public static class CudaRequirements
{
    /// <summary>The CUDA major version the provider was built against; the driver must support at least this.</summary>
    public const int CudaMajorVersion = 13;

    /// <summary>The NVIDIA driver's CUDA library.</summary>
    public static string DriverLibrary => OperatingSystem.IsWindows() ? "nvcuda.dll" : "libcuda.so.1";

    /// <summary>The CUDA toolkit and cuDNN libraries, in the order the provider loads them.</summary>
    public static IReadOnlyList<CudaLibrary> Libraries => OperatingSystem.IsWindows() ? Windows : Linux;

    private static readonly CudaLibrary[] Linux =
    {
        new("libcublasLt.so.13", "cuBLAS, CUDA 13"),
        new("libcublas.so.13", "cuBLAS, CUDA 13"),
        new("libcurand.so.10", "cuRAND, CUDA 13"),
        new("libcudart.so.13", "CUDA runtime 13"),
        new("libcudnn.so.9", "cuDNN 9 for CUDA 13"),
    };

    private static readonly CudaLibrary[] Windows =
    {
        new("cublasLt64_13.dll", "cuBLAS, CUDA 13"),
        new("cublas64_13.dll", "cuBLAS, CUDA 13"),
        new("cudnn64_9.dll", "cuDNN 9 for CUDA 13"),
    };
}
