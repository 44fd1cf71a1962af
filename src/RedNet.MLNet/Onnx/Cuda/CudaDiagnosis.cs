namespace RedNet.MLNet.Onnx.Cuda;

/// <summary>
/// Turns <see cref="CudaFacts"/> into the reasons, in a user's terms, why a CUDA device cannot be used: the build has no
/// CUDA provider, no driver, a driver that does not start or is too old, no such device, which libraries are missing.
/// Pure, so every branch is testable on a machine without a GPU.
/// </summary>
public static class CudaDiagnosis
{
    /// <summary>Every problem found for device <paramref name="deviceId"/>; empty when nothing stands in ONNX Runtime's way.</summary>
    public static IReadOnlyList<string> Problems(int deviceId, CudaFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!facts.RuntimeHasCuda)
            return new[] { $"this build carries the CPU package of ONNX Runtime ({OnnxRuntimeBuild.CpuPackage} {facts.RuntimeVersion}), which has no CUDA provider; build with -p:RedNetOnnxRuntime=Gpu" };

        var problems = new List<string>();
        var driver = facts.Driver;
        if (!driver.Found)
            problems.Add($"no NVIDIA driver ({CudaRequirements.DriverLibrary} not found)");
        else if (driver.CudaVersion is int version && version < CudaRequirements.CudaMajorVersion * 1000)
            problems.Add($"the NVIDIA driver supports CUDA {driver.CudaVersionText} at most; ONNX Runtime {facts.RuntimeVersion}'s CUDA provider needs CUDA {CudaRequirements.CudaMajorVersion} (install a newer driver)");
        else if (driver.InitError is { } error)
            problems.Add($"the NVIDIA driver does not start ({error})");
        else if (driver.Devices.Count == 0)
            problems.Add("the NVIDIA driver sees no CUDA device");
        else if (deviceId >= driver.Devices.Count)
            problems.Add($"device {deviceId} does not exist (this machine has {driver.Devices.Count} CUDA device{(driver.Devices.Count == 1 ? "" : "s")}: {string.Join("; ", driver.Devices)})");

        if (facts.MissingLibraries.Count > 0)
            problems.Add("CUDA libraries missing: " + string.Join(", ", facts.MissingLibraries.Select(l => $"{l.File} ({l.Component})")));
        return problems;
    }
}
