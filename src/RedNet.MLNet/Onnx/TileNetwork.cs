using Microsoft.ML.OnnxRuntime;

namespace RedNet.MLNet.Onnx;

/// <summary>
/// An ONNX Runtime session of <see cref="RedNetTileGraph"/> that runs one tile at a time from caller-owned buffers: the input
/// and output tensors are views of the caller's arrays (pinned, not copied), so a tile costs no allocation on the managed side.
/// </summary>
internal sealed class TileNetwork : IDisposable
{
    private static readonly string[] InputNames = { RedNetTileGraph.InputName };
    private static readonly string[] OutputNames = { RedNetTileGraph.OutputName };
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();

    /// <param name="graph">The serialized tile graph (<see cref="RedNetTileGraph.Build"/>).</param>
    /// <param name="gpuDeviceId">CUDA device, or null for CPU.</param>
    /// <param name="cpuThreads">ONNX Runtime's intra-op threads on CPU; null = <see cref="DefaultCpuThreads.Value"/>.</param>
    public TileNetwork(byte[] graph, int? gpuDeviceId, int? cpuThreads)
    {
        using var options = RedNetSessionOptions.Create(gpuDeviceId, cpuThreads);
        _session = new InferenceSession(graph, options);
    }

    /// <summary>Runs the network on <paramref name="input"/>[0..h·w) (row-major) into <paramref name="output"/>[0..h·w).</summary>
    public void Run(float[] input, float[] output, int height, int width)
    {
        int n = height * width;
        var shape = new long[] { 1, 1, height, width };
        using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(input, 0, n), shape);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(output, 0, n), shape);
        _session.Run(_run, InputNames, new[] { inputValue }, OutputNames, new[] { outputValue });
    }

    public void Dispose()
    {
        _run.Dispose();
        _session.Dispose();
    }
}
