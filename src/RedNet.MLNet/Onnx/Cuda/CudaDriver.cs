using System.Runtime.InteropServices;

namespace RedNet.MLNet.Onnx.Cuda;

/// <summary>A CUDA device as the driver lists it.</summary>
public sealed record CudaDevice(int Ordinal, string Name, int ComputeCapabilityMajor, int ComputeCapabilityMinor, long TotalMemoryBytes)
{
    public override string ToString() => $"{Ordinal} = {Name} (compute {ComputeCapabilityMajor}.{ComputeCapabilityMinor}, {TotalMemoryBytes / (1024.0 * 1024 * 1024):0.#} GiB)";
}

/// <summary>What the NVIDIA driver says about this machine.</summary>
/// <param name="Found">Whether the driver library could be loaded at all.</param>
/// <param name="InitError">cuInit's error (name and text) when the driver is there but does not start; null when it starts.</param>
/// <param name="CudaVersion">The newest CUDA version the driver supports, as cuDriverGetVersion gives it (13000 = 13.0).</param>
/// <param name="Devices">The devices it sees, by ordinal (the number ONNX Runtime's device id means).</param>
public sealed record CudaDriverStatus(bool Found, string? InitError, int? CudaVersion, IReadOnlyList<CudaDevice> Devices)
{
    /// <summary>No driver library on this machine.</summary>
    public static CudaDriverStatus NotFound { get; } = new(false, null, null, Array.Empty<CudaDevice>());

    /// <summary>The supported CUDA version as "major.minor", or null.</summary>
    public string? CudaVersionText => CudaVersion is int v ? $"{v / 1000}.{v % 1000 / 10}" : null;
}

/// <summary>
/// Asks the NVIDIA driver (libcuda.so.1 / nvcuda.dll, through its C API) whether it starts, which CUDA version it supports and
/// which devices it sees — the facts ONNX Runtime's own error ("Failed to load shared library", or a CUDA error code) leaves
/// out. Only called when a GPU was asked for or a report was requested: cuInit starts driver threads in this process.
/// </summary>
public static unsafe class CudaDriver
{
    private const int ComputeCapabilityMajorAttribute = 75, ComputeCapabilityMinorAttribute = 76;

    public static CudaDriverStatus Query()
    {
        // The library is never freed: after cuInit the driver's threads run code in it, and ONNX Runtime loads it anyway.
        if (!NativeLibrary.TryLoad(CudaRequirements.DriverLibrary, out var library)) return CudaDriverStatus.NotFound;
        if (!NativeLibrary.TryGetExport(library, "cuInit", out var init))
            return new CudaDriverStatus(true, $"{CudaRequirements.DriverLibrary} has no cuInit: it is not an NVIDIA driver", null, Array.Empty<CudaDevice>());

        int? version = null;
        if (NativeLibrary.TryGetExport(library, "cuDriverGetVersion", out var getVersion))
        {
            int v;
            if (((delegate* unmanaged<int*, int>)getVersion)(&v) == 0) version = v;
        }
        int status = ((delegate* unmanaged<uint, int>)init)(0);
        if (status != 0) return new CudaDriverStatus(true, ErrorText(library, status), version, Array.Empty<CudaDevice>());

        var devices = new List<CudaDevice>();
        if (NativeLibrary.TryGetExport(library, "cuDeviceGetCount", out var getCount))
        {
            int count;
            if (((delegate* unmanaged<int*, int>)getCount)(&count) == 0)
                for (int ordinal = 0; ordinal < count; ordinal++) devices.Add(Describe(library, ordinal));
        }
        return new CudaDriverStatus(true, null, version, devices);
    }

    private static CudaDevice Describe(IntPtr library, int ordinal)
    {
        int device = ordinal;
        if (NativeLibrary.TryGetExport(library, "cuDeviceGet", out var get)) ((delegate* unmanaged<int*, int, int>)get)(&device, ordinal);
        string name = "unnamed device";
        if (NativeLibrary.TryGetExport(library, "cuDeviceGetName", out var getName))
        {
            var buffer = stackalloc byte[256];
            if (((delegate* unmanaged<byte*, int, int, int>)getName)(buffer, 256, device) == 0) name = Marshal.PtrToStringUTF8((IntPtr)buffer) ?? name;
        }
        int major = 0, minor = 0;
        if (NativeLibrary.TryGetExport(library, "cuDeviceGetAttribute", out var attribute))
        {
            ((delegate* unmanaged<int*, int, int, int>)attribute)(&major, ComputeCapabilityMajorAttribute, device);
            ((delegate* unmanaged<int*, int, int, int>)attribute)(&minor, ComputeCapabilityMinorAttribute, device);
        }
        nuint memory = 0;
        if (NativeLibrary.TryGetExport(library, "cuDeviceTotalMem_v2", out var totalMemory)) ((delegate* unmanaged<nuint*, int, int>)totalMemory)(&memory, device);
        return new CudaDevice(ordinal, name, major, minor, (long)memory);
    }

    // "CUDA_ERROR_NO_DEVICE: no CUDA-capable device is detected", from the driver's own tables.
    private static string ErrorText(IntPtr library, int status)
    {
        string? Lookup(string export)
        {
            if (!NativeLibrary.TryGetExport(library, export, out var function)) return null;
            byte* text = null;
            return ((delegate* unmanaged<int, byte**, int>)function)(status, &text) == 0 && text != null ? Marshal.PtrToStringUTF8((IntPtr)text) : null;
        }
        string name = Lookup("cuGetErrorName") ?? $"CUresult {status}";
        return Lookup("cuGetErrorString") is { } description ? $"{name}: {description}" : name;
    }
}
