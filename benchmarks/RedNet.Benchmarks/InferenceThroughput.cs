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
/// machine's fp32 limit measured through the same runtime (a 2048² MatMul and one 64→64 3×3 Conv), and against the same
/// weights in TorchSharp.
/// </summary>
public static class InferenceThroughput
{
    public static void Run(BenchmarkOptions options)
    {
        int size = options.Int("size", 512), repeats = options.Int("repeats", 5);
        var model = RedNetModelSource.Load(options.Get("model"));
        var weights = model.Weights;
        double flopsPerPixel = FlopsPerPixel(weights.Config);
        Console.WriteLine($"# {MachineInfo.Describe()}; ONNX Runtime {typeof(InferenceSession).Assembly.GetName().Version}");
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };

        var rng = new Random(1);
        var pixels = Enumerable.Range(0, size * size).Select(_ => (float)rng.NextDouble()).ToArray();
        using (var session = new InferenceSession(RedNetOnnxWriter.Write(weights, RedNetOnnxLayout.Nchw), sessionOptions))
        {
            var input = new DenseTensor<float>(pixels, new[] { 1, 1, size, size });
            double seconds = Measure.MedianSeconds(repeats, () => { using var r = session.Run(new[] { NamedOnnxValue.CreateFromTensor("input", input) }); });
            double mps = size * size / seconds / 1e6;
            Console.WriteLine($"inference engine=onnxruntime model={weights.Config.Name} size={size} seconds={seconds:0.000} mp_per_s={mps:0.000} gflop_per_s={mps * flopsPerPixel / 1e3:0.0} mflop_per_pixel={flopsPerPixel / 1e6:0.000}");
        }

        TorchSetup.Initialize();
        using (var torchModel = new RedNet.Training.Model.RedNet(weights.Config))
        {
            Load(torchModel, weights);
            torchModel.eval();
            var x = tensor(pixels, new long[] { 1, 1, size, size });
            double seconds = Measure.MedianSeconds(repeats, () => { using var _ = no_grad(); using var scope = NewDisposeScope(); torchModel.forward(x); });
            double mps = size * size / seconds / 1e6;
            Console.WriteLine($"inference engine=torchsharp model={weights.Config.Name} size={size} seconds={seconds:0.000} mp_per_s={mps:0.000} gflop_per_s={mps * flopsPerPixel / 1e3:0.0}");
        }

        // The machine's limit through the same runtime: a large sgemm, and one RED-Net-sized convolution.
        const int n = 2048;
        using (var matmul = new InferenceSession(MatMulModel(n), sessionOptions))
        {
            var a = new DenseTensor<float>(Enumerable.Range(0, n * n).Select(i => (float)((i % 7) * 0.1)).ToArray(), new[] { n, n });
            double seconds = Measure.MedianSeconds(repeats, () => { using var r = matmul.Run(new[] { NamedOnnxValue.CreateFromTensor("a", a) }); });
            Console.WriteLine($"peak op=matmul n={n} seconds={seconds:0.000} gflop_per_s={2.0 * n * n * n / seconds / 1e9:0.0}");
        }
        using (var conv = new InferenceSession(ConvModel(), sessionOptions))
        {
            var a = new DenseTensor<float>(Enumerable.Range(0, 64 * size * size).Select(i => (float)((i % 13) * 0.05)).ToArray(), new[] { 1, 64, size, size });
            double seconds = Measure.MedianSeconds(repeats, () => { using var r = conv.Run(new[] { NamedOnnxValue.CreateFromTensor("a", a) }); });
            Console.WriteLine($"peak op=conv3x3_64_64 size={size} seconds={seconds:0.000} gflop_per_s={2.0 * 9 * 64 * 64 * size * size / seconds / 1e9:0.0}");
        }
    }

    /// <summary>Multiply-adds ×2 of every layer per output pixel (the additions of skips and ReLUs are negligible).</summary>
    public static double FlopsPerPixel(RedNetConfig c)
    {
        double k = RedNetConfig.KernelSize * RedNetConfig.KernelSize, f = c.Features;
        return 2 * k * (1 * f + 2 * (c.Layers - 1) * f * f + f * 1);
    }

    private static void Load(RedNet.Training.Model.RedNet model, RedNetWeights weights)
    {
        using var _ = no_grad();
        for (int i = 0; i < weights.Config.Layers; i++)
        {
            Copy(model.Encoder[i], weights.Encoder[i]);
            Copy(model.Decoder[i], weights.Decoder[i]);
        }

        static void Copy(nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> layer, ConvolutionWeights w)
        {
            var (weight, bias) = RedNet.Training.Model.RedNet.WeightAndBias(layer);
            weight.copy_(tensor(w.Weight, weight.shape));
            bias.copy_(tensor(w.Bias, bias.shape));
        }
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
