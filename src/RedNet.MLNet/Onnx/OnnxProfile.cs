using System.Text.Json;

namespace RedNet.MLNet.Onnx;

/// <summary>
/// What ONNX Runtime's profiler recorded for a run (the Chrome-trace JSON that <c>InferenceSession.EndProfiling</c> writes):
/// each kernel event names the execution provider that ran the node (<c>args.provider</c>) and, on CPU, the intra-op thread
/// pool it used (<c>args.thread_scheduling_stats.sub_threads</c>: the pool's workers; the calling thread works too; an empty
/// string when the session has no pool, i.e. one thread).
/// </summary>
public sealed record OnnxProfile(IReadOnlyDictionary<string, int> NodesByProvider, int? IntraOpThreads)
{
    public static OnnxProfile Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            throw new FormatException("An ONNX Runtime profile is a JSON array of trace events.");
        var nodes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int? threads = null;
        foreach (var e in document.RootElement.EnumerateArray())
        {
            if (!e.TryGetProperty("args", out var args) || args.ValueKind != JsonValueKind.Object) continue;
            if (!args.TryGetProperty("provider", out var provider) || provider.GetString() is not { } name) continue;
            nodes[name] = nodes.GetValueOrDefault(name) + 1;
            if (!args.TryGetProperty("thread_scheduling_stats", out var stats)) continue;
            if (stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty("sub_threads", out var workers) && workers.ValueKind == JsonValueKind.Object)
                threads = Math.Max(threads ?? 0, workers.EnumerateObject().Count() + 1);
            // An empty string: the session has no intra-op pool (one thread: ONNX Runtime makes no pool for 1), so the node ran
            // on the calling thread alone. Seen where ONNX Runtime's own default came out as 1 thread (an AMD EPYC VM that hides
            // its CPU topology).
            else if (stats.ValueKind == JsonValueKind.String && stats.GetString() == "")
                threads = Math.Max(threads ?? 0, 1);
        }
        return new OnnxProfile(nodes, threads);
    }
}
