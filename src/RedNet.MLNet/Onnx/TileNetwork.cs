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
        using var options = CreateSessionOptions(gpuDeviceId, cpuThreads);
        _session = new InferenceSession(graph, options);
    }

    /// <summary>
    /// The session options the tiles run with; the benchmarks' "network alone" uses the same, so that a ratio of the two
    /// measures the work around the network, not a difference of settings.
    /// </summary>
    internal static SessionOptions CreateSessionOptions(int? gpuDeviceId, int? cpuThreads)
    {
        var options = gpuDeviceId is int id ? SessionOptions.MakeSessionOptionWithCudaProvider(id) : new SessionOptions();
        // One tile at a time: nothing to run side by side, so inter-op parallelism stays at one (as in OnnxScoringStage).
        options.InterOpNumThreads = 1;
        options.IntraOpNumThreads = cpuThreads ?? DefaultCpuThreads.Value;
        // No memory pattern: ONNX Runtime plans one block per input shape, and the tiles of an image come in up to nine
        // shapes. Without it `rednet upscale` of a 4000×3000 output took 24.8–25.0 s instead of 26.4–27.3 s and peaked at
        // 0.61 GB instead of 1.14 GB (benchmarks/RESULTS.md, "ONNX Runtime's memory pattern").
        options.EnableMemoryPattern = false;
        // No spinning: ONNX Runtime's idle workers otherwise busy-wait for the next operator, and between tiles (and beside
        // them, RedNetStripUpscaler's own work on the neighbouring strips) the cores are wanted by C# code: bicubic, colour,
        // PNG compression. A convolution of a tile takes tens of milliseconds, so waking a sleeping worker costs nothing
        // measurable (benchmarks/RESULTS.md, "Spinning threads, strips overlapped").
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
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
