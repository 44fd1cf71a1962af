using RedNet.MLNet.Diagnostics;
using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using RedNet.MLNet;
using RedNet.MLNet.Onnx;
using RedNet.MLNet.Quantization;

namespace RedNet.Benchmarks;

/// <summary>
/// fp32 against int8 in one run: the same weights (an int8 model from <c>rednet-train export --int8</c>, and the fp32 model it
/// was made from) on one size×size Y plane, as the plain network and as the tiled graph RedNetUpscale runs. Rounds alternate
/// between the precisions so both see the same machine; the median of each is reported with the ratio. Also prints which
/// nodes ONNX Runtime turned the int8 graph into (QLinearConv etc.), from the graph it optimised.
/// </summary>
public static class Int8Throughput
{
    public static void Run(BenchmarkOptions options)
    {
        int size = options.Int("size", 512), rounds = options.Int("rounds", 5), threads = options.Int("threads", Environment.ProcessorCount);
        var int8Model = RedNetOnnxReader.ReadFile(options.Get("int8") ?? throw new ArgumentException("--int8 PATH: an int8 model (rednet-train export --int8)."));
        var fp32Model = RedNetModelSource.Load(options.Get("fp32"), int8Model.Scales.FirstOrDefault(ApplyRedNetOptions.Defaults.Scale));
        var calibration = int8Model.Int8 ?? throw new ArgumentException($"'{int8Model.Source}' is not an int8 model.");
        Console.WriteLine($"# {MachineInfo.Describe()}; ONNX Runtime {typeof(InferenceSession).Assembly.GetName().Version}; {threads} intra-op threads; " +
                          $"avx512_vnni={CpuFlags.Has("avx512_vnni")} avx_vnni={CpuFlags.Has("avx_vnni")} avx512_bf16={CpuFlags.Has("avx512_bf16")} amx_bf16={CpuFlags.Has("amx_bf16")}");
        Console.WriteLine($"# fp32: {fp32Model.Source}; int8: {int8Model.Source}, {calibration.WeightBits}-bit weights, calibrated on {calibration.Source}");

        var weights = fp32Model.Weights;
        int overlap = RedNetApplyingEstimator.ReceptiveFieldRadius(weights.Config.Layers);
        var graphs = new (string Name, string Precision, byte[] Graph, bool Tiled)[]
        {
            ("plain", "fp32", RedNetOnnxWriter.Write(weights, RedNetOnnxLayout.Nchw), false),
            ("plain", "int8", RedNetOnnxWriter.Write(int8Model.Weights, RedNetOnnxLayout.Nchw, null, calibration), false),
            ("tiled", "fp32", RedNetInferenceGraph.Build(weights, "y", "out", new InferenceGraphOptions(ApplyRedNetOptions.Defaults.TileSize, overlap, false)), true),
            ("tiled", "int8", RedNetInferenceGraph.Build(int8Model.Weights, "y", "out", new InferenceGraphOptions(ApplyRedNetOptions.Defaults.TileSize, overlap, false) { Int8 = calibration }), true),
        };
        var rng = new Random(1);
        var pixels = Enumerable.Range(0, size * size).Select(_ => (float)rng.NextDouble()).ToArray();
        var vector = new float[2 + pixels.Length];
        vector[0] = size;
        vector[1] = size;
        pixels.CopyTo(vector, 2);

        var sessions = new List<(string Name, string Precision, InferenceSession Session, NamedOnnxValue Input)>();
        foreach (var (name, precision, graph, tiled) in graphs)
        {
            string optimised = Path.Combine(Path.GetTempPath(), $"rednet-{name}-{precision}-{Environment.ProcessId}.onnx");
            using var sessionOptions = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, OptimizedModelFilePath = optimised };
            var session = new InferenceSession(graph, sessionOptions);
            Console.WriteLine($"optimised graph={name} precision={precision} nodes={OpCounts(optimised)}");
            File.Delete(optimised);
            var input = tiled
                ? NamedOnnxValue.CreateFromTensor("y", new DenseTensor<float>(vector, new[] { 1, vector.Length }))
                : NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(pixels, new[] { 1, 1, size, size }));
            sessions.Add((name, precision, session, input));
        }
        var times = sessions.ToDictionary(s => (s.Name, s.Precision), _ => new List<double>());
        foreach (var s in sessions) Time(s.Session, s.Input); // warm-up
        for (int r = 0; r < rounds; r++)
            foreach (var s in r % 2 == 0 ? sessions : Enumerable.Reverse(sessions).ToList())
                times[(s.Name, s.Precision)].Add(Time(s.Session, s.Input));
        foreach (var graph in new[] { "plain", "tiled" })
        {
            double fp32 = Measure.Median(times[(graph, "fp32")]), int8 = Measure.Median(times[(graph, "int8")]);
            Console.WriteLine($"int8 graph={graph} size={size} rounds={rounds} fp32_seconds={fp32:0.000} int8_seconds={int8:0.000} " +
                              $"fp32_mp_per_s={size * size / fp32 / 1e6:0.000} int8_mp_per_s={size * size / int8 / 1e6:0.000} speedup={fp32 / int8:0.00} " +
                              $"fp32_spread={Measure.Spread(times[(graph, "fp32")])} int8_spread={Measure.Spread(times[(graph, "int8")])}");
        }
        foreach (var s in sessions) s.Session.Dispose();
    }

    private static double Time(InferenceSession session, NamedOnnxValue input)
    {
        var clock = Stopwatch.StartNew();
        using var _ = session.Run(new[] { input });
        return clock.Elapsed.TotalSeconds;
    }

    // Node types of the optimised graph and of its subgraphs (the tiling Loop's body), e.g. "QLinearConv:8,Conv:2".
    private static string OpCounts(string path)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Visit(GraphProto g)
        {
            foreach (var node in g.Node)
            {
                string key = (string.IsNullOrEmpty(node.Domain) ? "" : node.Domain + ".") + node.OpType;
                counts[key] = counts.GetValueOrDefault(key) + 1;
                foreach (var a in node.Attribute.Where(a => a.G is not null)) Visit(a.G);
            }
        }
        Visit(ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph);
        return string.Join(",", counts.Where(kv => kv.Key.Contains("Conv") || kv.Key.Contains("Quant") || kv.Key.Contains("QLinear") || kv.Key.Contains("Reorder"))
            .Select(kv => $"{kv.Key}:{kv.Value}"));
    }
}
