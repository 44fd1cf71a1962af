using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using RedNet.MLNet.Model;
using RedNet.MLNet.Onnx;
using RedNet.Training;
using static TorchSharp.torch;

namespace RedNet.Benchmarks;

/// <summary>
/// Inference speed of a RED-Net ONNX model on one size×size image through ONNX Runtime (CPU, all cores), against the
/// machine's fp32 ceiling (an FMA loop on every core), against what the same runtime reaches on plain shapes (a 2048² MatMul
/// and one 64→64 3×3 Conv), and against the same weights in TorchSharp.
/// </summary>
public static class InferenceThroughput
{
    /// <summary>
    /// All engines and the peak probes are set up and warmed first, then timed in alternating rounds (each round: RED-Net in
    /// ONNX Runtime, RED-Net in TorchSharp, the MatMul, the Conv; median of --repeats runs each), so that every round sees the
    /// same machine. One line per round and engine, then per engine the median and the min–max over rounds, and RED-Net's
    /// share of each probe computed within each round. The FMA loop (<see cref="FmaPeak"/>) is the ceiling; the MatMul and
    /// the Conv are what the runtime's own kernels reach on plain shapes, floors that a whole network can beat.
    /// </summary>
    public static void Run(BenchmarkOptions options)
    {
        int size = options.Int("size", 512), repeats = options.Int("repeats", 3), rounds = options.Int("rounds", 5);
        var model = RedNetModelSource.Load(options.Get("model"));
        var weights = model.Weights;
        double flopsPerPixel = FlopsPerPixel(weights.Config);
        const int n = 2048;
        double pixels = (double)size * size;
        Console.WriteLine($"# {MachineInfo.Describe()}; ONNX Runtime {typeof(InferenceSession).Assembly.GetName().Version}; {rounds} rounds, median of {repeats} per round");
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };

        var rng = new Random(1);
        var plane = Enumerable.Range(0, size * size).Select(_ => (float)rng.NextDouble()).ToArray();
        using var session = new InferenceSession(RedNetOnnxWriter.Write(weights, RedNetOnnxLayout.Nchw), sessionOptions);
        var input = new DenseTensor<float>(plane, new[] { 1, 1, size, size });
        TorchSetup.Initialize();
        using var torchModel = TorchWeights.Module(weights);
        using var x = tensor(plane, new long[] { 1, 1, size, size });
        // The machine's limit through the same runtime: a large sgemm, and one RED-Net-sized convolution.
        using var matmul = new InferenceSession(MatMulModel(n), sessionOptions);
        var a = new DenseTensor<float>(Enumerable.Range(0, n * n).Select(i => (float)((i % 7) * 0.1)).ToArray(), new[] { n, n });
        using var conv = new InferenceSession(ConvModel(), sessionOptions);
        var maps = new DenseTensor<float>(Enumerable.Range(0, 64 * size * size).Select(i => (float)((i % 13) * 0.05)).ToArray(), new[] { 1, 64, size, size });

        // name → (work, GFLOP per run, whether it is a probe of the machine rather than the network); GFLOP/s = GFLOP / seconds.
        var engines = new (string Name, Action Work, double Gflop, bool Probe)[]
        {
            ("onnxruntime", () => { using var r = session.Run(new[] { NamedOnnxValue.CreateFromTensor("input", input) }); }, pixels * flopsPerPixel / 1e9, false),
            ("torchsharp", () => { using var _ = no_grad(); using var scope = NewDisposeScope(); torchModel.forward(x); }, pixels * flopsPerPixel / 1e9, false),
            ("peak_matmul", () => { using var r = matmul.Run(new[] { NamedOnnxValue.CreateFromTensor("a", a) }); }, 2.0 * n * n * n / 1e9, true),
            ("peak_conv3x3_64_64", () => { using var r = conv.Run(new[] { NamedOnnxValue.CreateFromTensor("a", maps) }); }, 2.0 * 9 * 64 * 64 * pixels / 1e9, true),
        };
        const long fmaIterations = 100_000_000;
        string? fmaEngine = FmaPeak.Kind is { } fma ? $"peak_{fma}" : null;
        if (fmaEngine is not null)
            engines = engines.Append((fmaEngine, () => FmaPeak.Run(fmaIterations), FmaPeak.Flop(fmaIterations) / 1e9, true)).ToArray();
        foreach (var e in engines) e.Work(); // warm-up: allocator, kernels, memory patterns

        var gflops = engines.ToDictionary(e => e.Name, _ => new List<double>());
        for (int round = 1; round <= rounds; round++)
        {
            foreach (var e in engines)
            {
                double seconds = Measure.Median(Enumerable.Range(0, repeats).Select(_ => Measure.Seconds(e.Work)).ToList());
                gflops[e.Name].Add(e.Gflop / seconds);
                string mps = e.Probe ? "" : $" mp_per_s={pixels / seconds / 1e6:0.000}";
                Console.WriteLine($"round={round} engine={e.Name} seconds={seconds:0.000}{mps} gflop_per_s={e.Gflop / seconds:0.0}");
            }
        }
        foreach (var e in engines)
        {
            var g = gflops[e.Name];
            string network = e.Probe ? "" : $" model={weights.Config.Name} size={size} mp_per_s={Measure.Median(g) * 1e9 / flopsPerPixel / 1e6:0.000}";
            Console.WriteLine($"summary engine={e.Name} gflop_per_s_median={Measure.Median(g):0.0} min={g.Min():0.0} max={g.Max():0.0}{network}");
        }
        // RED-Net's share of a probe, round by round: both were timed in the same round, on the same machine.
        List<double> ShareOf(string probe) => gflops["onnxruntime"].Zip(gflops[probe], (network, peak) => network / peak).ToList();
        var shareOfMatMul = ShareOf("peak_matmul");
        Console.WriteLine($"summary onnxruntime_share_of_matmul_median={Measure.Median(shareOfMatMul):0.00} min={shareOfMatMul.Min():0.00} max={shareOfMatMul.Max():0.00} mflop_per_pixel={flopsPerPixel / 1e6:0.000}");
        if (fmaEngine is not null)
        {
            var shareOfFma = ShareOf(fmaEngine);
            Console.WriteLine($"summary onnxruntime_share_of_fma_peak_median={Measure.Median(shareOfFma):0.00} min={shareOfFma.Min():0.00} max={shareOfFma.Max():0.00}");
        }
    }

    /// <summary>Multiply-adds ×2 of every layer per output pixel (the additions of skips and ReLUs are negligible).</summary>
    public static double FlopsPerPixel(RedNetConfig c)
    {
        double k = RedNetConfig.KernelSize * RedNetConfig.KernelSize, f = c.Features;
        return 2 * k * (1 * f + 2 * (c.Layers - 1) * f * f + f * 1);
    }

    private static byte[] MatMulModel(int n)
    {
        var graph = new GraphProto { Name = "matmul" };
        graph.Input.Add(Value("a", n, n));
        graph.Output.Add(Value("c", n, n));
        graph.Initializer.Add(Initializer("b", Enumerable.Range(0, n * n).Select(i => (float)((i % 5) * 0.01)).ToArray(), n, n));
        graph.Node.Add(new NodeProto { OpType = "MatMul", Input = { "a", "b" }, Output = { "c" } });
        return Model(graph);
    }

    private static byte[] ConvModel()
    {
        var graph = new GraphProto { Name = "conv" };
        graph.Input.Add(Value("a", 1, 64, -1, -1));
        graph.Output.Add(Value("c", 1, 64, -1, -1));
        graph.Initializer.Add(Initializer("w", Enumerable.Range(0, 64 * 64 * 9).Select(i => (float)((i % 11) * 0.001)).ToArray(), 64, 64, 3, 3));
        var node = new NodeProto { OpType = "Conv", Input = { "a", "w" }, Output = { "c" } };
        node.Attribute.Add(new AttributeProto { Name = "pads", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1, 1, 1, 1 } });
        graph.Node.Add(node);
        return Model(graph);
    }

    private static byte[] Model(GraphProto graph)
    {
        var model = new ModelProto { IrVersion = RedNetOnnxWriter.IrVersion, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Version = RedNetOnnxWriter.Opset });
        return model.ToByteArray();
    }

    private static ValueInfoProto Value(string name, params long[] dims)
    {
        var t = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto() };
        foreach (var d in dims) t.Shape.Dim.Add(d >= 0 ? new TensorShapeProto.Types.Dimension { DimValue = d } : new TensorShapeProto.Types.Dimension { DimParam = $"d{t.Shape.Dim.Count}" });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = t } };
    }

    private static TensorProto Initializer(string name, float[] data, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        var bytes = new byte[data.Length * 4];
        Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
        t.RawData = ByteString.CopyFrom(bytes);
        return t;
    }
}
