using Microsoft.ML.OnnxRuntime;

namespace RedNet.MLNet.Onnx;

/// <summary>Checks whether ONNX Runtime can open a CUDA device here, so a fallback to CPU can be announced once and clearly.</summary>
public static class GpuAvailability
{
    /// <summary>Null when device <paramref name="deviceId"/> can be used; otherwise why not.</summary>
    public static string? WhyNotUsable(int deviceId)
    {
        try
        {
            using var options = SessionOptions.MakeSessionOptionWithCudaProvider(deviceId);
            return null;
        }
        catch (Exception e)
        {
            // The CPU package has no CUDA provider (EntryPointNotFoundException); the GPU package without CUDA libraries
            // throws OnnxRuntimeException "Failed to load shared library". Either way the reason is in the message.
            return $"{e.GetType().Name}: {e.Message.Split('\n')[0]}";
        }
    }
}
