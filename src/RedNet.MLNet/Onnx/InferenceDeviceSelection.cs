using Microsoft.ML.OnnxRuntime;
using RedNet.MLNet.Onnx.Cuda;

namespace RedNet.MLNet.Onnx;

/// <summary>
/// Decides where a RedNet graph runs when a CUDA device is asked for, from what can be known before ML.NET creates its session:
/// first the facts that ONNX Runtime would not put in its error (<see cref="CudaDiagnosis"/>), then one real run in a session
/// RedNet owns (<see cref="ExecutionProviderProbe"/>). <see cref="Settle"/> then announces a device that cannot be used with
/// one log line (CPU is used instead) or, when FallbackToCpu is false, makes it an error.
/// </summary>
internal static class InferenceDeviceSelection
{
    /// <summary>
    /// The device <paramref name="graph"/> can run on when <paramref name="requestedGpuDeviceId"/> is asked for (null = CPU):
    /// that CUDA device, or CPU with the reason in <see cref="InferenceDevice.FallbackReason"/>. Announces nothing.
    /// </summary>
    public static InferenceDevice Choose(int? requestedGpuDeviceId, byte[] graph) => Choose(requestedGpuDeviceId, graph, CudaFacts.Gather);

    /// <summary><see cref="Choose(int?, byte[])"/> with the facts given, so a test can get past them to ONNX Runtime itself.</summary>
    internal static InferenceDevice Choose(int? requestedGpuDeviceId, byte[] graph, Func<CudaFacts> gatherFacts)
    {
        if (requestedGpuDeviceId is not int id) return InferenceDevice.Cpu;
        if (id < 0)
            throw new ArgumentOutOfRangeException(nameof(ApplyRedNetOptions.GpuDeviceId), id, "GpuDeviceId must be a CUDA device ordinal (0 or more), or null for CPU.");
        var facts = gatherFacts();
        var problems = CudaDiagnosis.Problems(id, facts);
        if (problems.Count > 0) return NotUsable(id, string.Join("; ", problems));
        OnnxProfile check;
        try
        {
            check = ExecutionProviderProbe.Run(graph, id);
        }
        catch (OnnxRuntimeException e)
        {
            return NotUsable(id, "ONNX Runtime could not run the network on it: " + Describe(e));
        }
        if (check.NodesByProvider.GetValueOrDefault(OnnxRuntimeBuild.CudaProvider) == 0)
            return NotUsable(id, "ONNX Runtime ran none of the network's nodes on CUDA");
        return new InferenceDevice(id, id, facts.Driver.Devices.ElementAtOrDefault(id)?.Name, check, null);
    }

    /// <summary>
    /// The device after ML.NET failed to create its CUDA session although the check run passed (memory taken meanwhile, a
    /// larger graph): CPU with one log line, or an error.
    /// </summary>
    public static InferenceDevice AfterSessionFailure(int gpuDeviceId, bool fallbackToCpu, OnnxRuntimeException error)
        => Settle(NotUsable(gpuDeviceId, "ONNX Runtime could not create the session on it: " + Describe(error)), fallbackToCpu);

    /// <summary>
    /// <paramref name="device"/> itself when it is what was asked for; when a CUDA device asked for is not usable, one log line
    /// and the CPU device, or, with <paramref name="fallbackToCpu"/> false, an <see cref="InvalidOperationException"/>.
    /// </summary>
    public static InferenceDevice Settle(InferenceDevice device, bool fallbackToCpu)
    {
        if (device.FallbackReason is not { } reason || device.RequestedGpuDeviceId is not int id) return device;
        if (!fallbackToCpu)
            throw new InvalidOperationException($"CUDA device {id} cannot be used ({reason}) and FallbackToCpu is false.");
        RedNetLog.Write($"CUDA device {id} is not usable ({reason}); running on CPU.");
        return device;
    }

    /// <summary>The ONNX Runtime error that made ML.NET's session creation fail, if that is what <paramref name="e"/> wraps.</summary>
    public static OnnxRuntimeException? SessionError(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is OnnxRuntimeException ort) return ort;
        return null;
    }

    private static InferenceDevice NotUsable(int id, string reason) => new(id, null, null, null, reason);

    // ONNX Runtime's CUDA errors read "CUDA failure 2: out of memory ; GPU=0 ; hostname=… ; file=… ; line=… ; expr=…": the
    // first clause is the user's part.
    private static string Describe(OnnxRuntimeException e)
    {
        string first = e.Message.Split('\n')[0].Trim();
        int tail = first.IndexOf(" ; GPU=", StringComparison.Ordinal);
        return tail > 0 ? first[..tail] : first;
    }
}
