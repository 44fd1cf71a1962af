using System.Runtime.InteropServices;

namespace RedNet.MLNet.Onnx.Cuda;

/// <summary>Which of <see cref="CudaRequirements.Libraries"/> the system loader cannot find.</summary>
public static class CudaLibraries
{
    /// <summary>
    /// The required libraries that do not load from where the provider would look: the application folder (the provider's
    /// RUNPATH is $ORIGIN, the folder it sits in), then the system's search path (LD_LIBRARY_PATH, ld.so.cache; PATH on Windows).
    /// ONNX Runtime reports only the first missing one, and only in its log; this names them all.
    /// </summary>
    public static IReadOnlyList<CudaLibrary> Missing()
    {
        var missing = new List<CudaLibrary>();
        foreach (var library in CudaRequirements.Libraries)
        {
            if (NativeLibrary.TryLoad(library.File, typeof(CudaLibraries).Assembly, DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories, out var handle))
                NativeLibrary.Free(handle);
            else
                missing.Add(library);
        }
        return missing;
    }
}
