using Microsoft.ML.OnnxRuntime;

namespace RedNet.MLNet.Onnx;

/// <summary>
/// The ONNX Runtime session options every RedNet network runs with on CPU: the strip upscaler's tile session
/// (<see cref="TileNetwork"/>), the ML.NET stage (<see cref="OnnxScoringStage"/>, through ML.NET's
/// <c>OnnxSessionOptions.CreateSessionOptions</c>), and the benchmarks' "network alone", so that a ratio of two of them
/// measures the work around the network, not a difference of settings.
/// </summary>
internal static class RedNetSessionOptions
{
    /// <param name="gpuDeviceId">CUDA device, or null for CPU.</param>
    /// <param name="cpuThreads">ONNX Runtime's intra-op threads; null = <see cref="DefaultCpuThreads.Value"/>.</param>
    public static SessionOptions Create(int? gpuDeviceId, int? cpuThreads)
    {
        var options = gpuDeviceId is int id ? SessionOptions.MakeSessionOptionWithCudaProvider(id) : new SessionOptions();
        // One network at a time (a tile, or the tiled graph's sequential Loop): nothing to run side by side, so inter-op
        // parallelism stays at one.
        options.InterOpNumThreads = 1;
        options.IntraOpNumThreads = cpuThreads ?? DefaultCpuThreads.Value;
        // No memory pattern: ONNX Runtime plans one block per input shape, and the tiles of an image come in up to nine
        // shapes (and the images of a data set in as many as there are sizes). Without it `rednet upscale` of a 4000×3000
        // output took 24.8–25.0 s instead of 26.4–27.3 s and peaked at 0.61 GB instead of 1.14 GB; the pipeline on Set14
        // kept its time and peaked at 1.77 GB instead of 2.64 GB (benchmarks/RESULTS.md, "ONNX Runtime's memory pattern").
        options.EnableMemoryPattern = false;
        // No spinning: ONNX Runtime's idle workers otherwise busy-wait for the next operator, and between tiles (and beside
        // them, RedNetStripUpscaler's own work on the neighbouring strips, or ML.NET's cursor) the cores are wanted by C#
        // code: bicubic, colour, PNG compression. A convolution of a tile takes tens of milliseconds, so waking a sleeping
        // worker costs nothing measurable (benchmarks/RESULTS.md, "Spinning threads, strips overlapped").
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }
}
