namespace RedNet.MLNet.Onnx;

/// <summary>
/// Where ONNX Runtime runs a RedNet pipeline's network, established when its session was created — not assumed from the
/// options. For a CUDA request RedNet first runs the graph once in a session of its own (see <see cref="NodesByProvider"/>),
/// then has ML.NET create its session with no fallback of its own, so a pipeline that reports CUDA has a CUDA session.
/// </summary>
public sealed class InferenceDevice
{
    internal InferenceDevice(int? requestedGpuDeviceId, int? gpuDeviceId, string? gpuName, OnnxProfile? check, string? fallbackReason)
    {
        RequestedGpuDeviceId = requestedGpuDeviceId;
        GpuDeviceId = gpuDeviceId;
        GpuName = gpuName;
        NodesByProvider = check?.NodesByProvider ?? new Dictionary<string, int>();
        FallbackReason = fallbackReason;
        Providers = gpuDeviceId is null ? new[] { OnnxRuntimeBuild.CpuProvider } : new[] { OnnxRuntimeBuild.CudaProvider, OnnxRuntimeBuild.CpuProvider };
    }

    /// <summary>A CPU session that nobody asked to put elsewhere.</summary>
    internal static InferenceDevice Cpu { get; } = new(null, null, null, null, null);

    /// <summary>The CUDA device asked for (ApplyRedNetOptions.GpuDeviceId, or MLContext.GpuDeviceId when loading); null for CPU.</summary>
    public int? RequestedGpuDeviceId { get; }

    /// <summary>The CUDA device the session runs on; null when it runs on CPU.</summary>
    public int? GpuDeviceId { get; }

    /// <summary>True when the session runs on a CUDA device.</summary>
    public bool OnGpu => GpuDeviceId is not null;

    /// <summary>The device's name as the NVIDIA driver gives it, when known.</summary>
    public string? GpuName { get; }

    /// <summary>The execution providers registered in the session, in ONNX Runtime's priority order.</summary>
    public IReadOnlyList<string> Providers { get; }

    /// <summary>
    /// For a CUDA request: how many nodes each provider ran when RedNet ran the graph once, from ONNX Runtime's profiler. Both
    /// providers can appear: ONNX Runtime may place nodes on CPU inside a CUDA session. Empty for a CPU request.
    /// </summary>
    public IReadOnlyDictionary<string, int> NodesByProvider { get; }

    /// <summary>Why the CUDA device asked for is not used, in user terms (no driver, library X missing, device N does not exist...); null otherwise.</summary>
    public string? FallbackReason { get; }

    /// <summary>One line for logs and <c>--verbose</c>.</summary>
    public override string ToString()
    {
        string nodes = NodesByProvider.Count == 0 ? "" : $" (nodes of a check run: {string.Join(", ", NodesByProvider.Select(p => $"{p.Key} {p.Value}"))})";
        if (OnGpu) return $"CUDA device {GpuDeviceId}{(GpuName is null ? "" : $" ({GpuName})")}: providers {string.Join(", ", Providers)}{nodes}";
        string why = RequestedGpuDeviceId is int requested ? $" instead of CUDA device {requested}: {FallbackReason}" : "";
        return $"CPU: provider {OnnxRuntimeBuild.CpuProvider}{why}";
    }
}
