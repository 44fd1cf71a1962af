using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RedNet.MLNet.Onnx;

namespace RedNet.Benchmarks;

/// <summary>
/// Two ways to spend the machine's cores on a run of tiles, in alternating rounds of one process: one tile at a time with
/// all cores inside each convolution (ONNX Runtime's intra-op threads, what the library does), against one tile per core
/// at once, each session single-threaded (no barrier between a layer's threads, but one tile's working set per core).
/// Same tiles, same plain network; reports output pixels per second of each and their ratio, wall and CPU.
/// </summary>
public static class TileConcurrency
{
    public static void Run(BenchmarkOptions options)
    {
        int size = options.Int("size", 532), tiles = options.Int("tiles", 8), rounds = options.Int("repeats", 3);
        int cores = options.Int("threads", DefaultCpuThreads.Value);
        var weights = RedNetModelSource.Load(options.Get("model")).Weights;
        byte[] graph = RedNetOnnxWriter.Write(weights, RedNetOnnxLayout.Nchw);
        Console.WriteLine($"# {MachineInfo.Describe()}; ONNX Runtime {typeof(InferenceSession).Assembly.GetName().Version}; {weights.Config.Name}; " +
                          $"{tiles} tiles of {size}², {cores} cores");
        using var shared = Session(graph, cores);
        var perCore = Enumerable.Range(0, cores).Select(_ => Session(graph, 1)).ToArray();
        var rng = new Random(1);
        var inputs = Enumerable.Range(0, tiles)
            .Select(_ => new DenseTensor<float>(Enumerable.Range(0, size * size).Select(_ => (float)rng.NextDouble()).ToArray(), new[] { 1, 1, size, size }))
            .ToArray();
        void Sequential() { foreach (var input in inputs) Once(shared, input); }
        void Concurrent() => Parallel.For(0, cores, new ParallelOptions { MaxDegreeOfParallelism = cores }, c =>
        {
            for (int i = c; i < tiles; i += cores) Once(perCore[c], inputs[i]);
        });
        Sequential();
        Concurrent();
        var sequential = new List<(double Wall, double Cpu)>();
        var concurrent = new List<(double Wall, double Cpu)>();
        for (int round = 0; round < rounds; round++)
        {
            sequential.Add(Measure.WallAndCpu(Sequential));
            concurrent.Add(Measure.WallAndCpu(Concurrent));
            Console.WriteLine($"round {round + 1}: one tile at a time {sequential[^1].Wall:0.000} s (CPU {sequential[^1].Cpu:0.00}), " +
                              $"one tile per core {concurrent[^1].Wall:0.000} s (CPU {concurrent[^1].Cpu:0.00}), ratio {sequential[^1].Wall / concurrent[^1].Wall:0.000}");
        }
        double megapixels = (double)tiles * size * size / 1e6;
        var ratios = sequential.Zip(concurrent, (s, c) => s.Wall / c.Wall).ToList();
        Console.WriteLine($"tiles sequential_mp_per_s={megapixels / Measure.Median(sequential.Select(s => s.Wall)):0.000} " +
                          $"concurrent_mp_per_s={megapixels / Measure.Median(concurrent.Select(c => c.Wall)):0.000} " +
                          $"concurrent_speedup_median={Measure.Median(ratios):0.000} spread={Measure.Spread(ratios)}");
        foreach (var session in perCore) session.Dispose();
    }

    private static InferenceSession Session(byte[] graph, int threads)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, InterOpNumThreads = 1, IntraOpNumThreads = threads };
        return new InferenceSession(graph, options);
    }

    private static void Once(InferenceSession session, DenseTensor<float> input)
    {
        using var result = session.Run(new[] { NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), input) });
    }
}
