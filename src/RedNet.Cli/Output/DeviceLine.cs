using RedNet.MLNet.Onnx;

namespace RedNet.Cli.Output;

/// <summary>The <c>--verbose</c> line: which ONNX Runtime this build carries and where the network runs, as the pipeline established it.</summary>
public static class DeviceLine
{
    public static string For(InferenceDevice device)
    {
        // A fallback's reason is already on stderr: RedNet's own log line just before this one.
        string where = device is { OnGpu: false, RequestedGpuDeviceId: int requested }
            ? $"CPU ({OnnxRuntimeBuild.CpuProvider}; CUDA device {requested} is not usable, for the reason above)"
            : device.ToString();
        return $"rednet: ONNX Runtime {OnnxRuntimeBuild.Version} ({OnnxRuntimeBuild.Flavour} flavour, {OnnxRuntimeBuild.Package}); the network runs on {where}";
    }
}
