using Microsoft.ML;
using Microsoft.ML.Transforms.Onnx;
using RedNet.MLNet.Onnx;

namespace RedNet.MLNet;

/// <summary>
/// ML.NET's OnnxTransformer for a RedNet graph, on exactly the device <see cref="InferenceDeviceSelection"/> chose.
/// It is made in an MLContext of its own: ML.NET 5.0.1's ApplyOnnxModel replaces a null gpuDeviceId by the caller's
/// MLContext.GpuDeviceId (and its FallbackToCpu), so in a user's context with GpuDeviceId set a CPU stage would try CUDA —
/// and with the CPU package throw EntryPointNotFoundException, which ML.NET's fallback does not catch. (So ONNX session
/// options a user set on their own context with SetOnnxSessionOption do not reach this stage at Fit; the thread count, the
/// one that matters on CPU, is ApplyRedNetOptions.CpuThreads.) A CUDA stage is made
/// with fallbackToCpu false, so ML.NET can never quietly swap in a CPU session; its failure comes back here and is handled
/// like any other (one log line and CPU, or an error).
/// </summary>
internal static class OnnxScoringStage
{
    public static (ITransformer Stage, InferenceDevice Device) Fit(byte[] graph, string inputColumn, string outputColumn, IDataView input,
        int? requestedGpuDeviceId, bool fallbackToCpu, int? cpuThreads)
    {
        var device = InferenceDeviceSelection.Settle(InferenceDeviceSelection.Choose(requestedGpuDeviceId, graph), fallbackToCpu);
        try
        {
            return (Create(graph, inputColumn, outputColumn, input, device.GpuDeviceId, cpuThreads), device);
        }
        catch (InvalidOperationException e) when (device.GpuDeviceId is int id && InferenceDeviceSelection.SessionError(e) is { } error)
        {
            device = InferenceDeviceSelection.AfterSessionFailure(id, fallbackToCpu, error);
            return (Create(graph, inputColumn, outputColumn, input, null, cpuThreads), device);
        }
    }

    /// <summary>
    /// The ML.NET session options of a RedNet ONNX stage, fitted or loaded. On CPU they hand ML.NET the library's own ONNX
    /// Runtime options (<see cref="RedNetSessionOptions"/>: inter-op parallelism one, intra-op threads always set — see
    /// DefaultCpuThreads for why ONNX Runtime's default is not used — no memory pattern, no spinning) through
    /// <c>CreateSessionOptions</c>: ML.NET 5.0.1 builds the session from that delegate alone when it is set, and its own
    /// properties cannot switch spinning off. The properties are set to the same values, for what reads them. On a GPU the
    /// delegate stays unset, because ML.NET would ignore the device id for it; ML.NET makes the CUDA session itself.
    /// </summary>
    public static OnnxSessionOptions SessionOptions(int? cpuThreads, int? gpuDeviceId = null)
    {
        var options = new OnnxSessionOptions { IntraOpNumThreads = cpuThreads ?? DefaultCpuThreads.Value, InterOpNumThreads = 1, EnableMemoryPattern = false };
        if (gpuDeviceId is null) options.CreateSessionOptions = () => RedNetSessionOptions.Create(null, cpuThreads);
        return options;
    }

    private static ITransformer Create(byte[] graph, string inputColumn, string outputColumn, IDataView input, int? gpuDeviceId, int? cpuThreads)
    {
        var context = new MLContext();
        context.SetOnnxSessionOption(SessionOptions(cpuThreads, gpuDeviceId));
        return context.Transforms.ApplyOnnxModel(new[] { outputColumn }, new[] { inputColumn }, new MemoryStream(graph),
            gpuDeviceId: gpuDeviceId, fallbackToCpu: false).Fit(input);
    }
}
