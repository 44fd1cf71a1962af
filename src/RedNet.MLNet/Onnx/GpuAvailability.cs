namespace RedNet.MLNet.Onnx;

/// <summary>Whether RedNet can run on a CUDA device here, asked without building a pipeline (e.g. to choose a default device).</summary>
public static class GpuAvailability
{
    /// <summary>
    /// Null when device <paramref name="deviceId"/> can run RedNet; otherwise why not, in user terms. Decided as at Fit: the
    /// checks of <see cref="Cuda.CudaDiagnosis"/>, then one run of the embedded default model's graph on the device.
    /// </summary>
    public static string? WhyNotUsable(int deviceId)
        => InferenceDeviceSelection.Choose(deviceId, ExecutionProviderProbe.DefaultGraph()).FallbackReason;
}
