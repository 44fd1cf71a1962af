using Google.Protobuf;
using Onnx;
using RedNet.MLNet.Model;
using static RedNet.MLNet.Onnx.OnnxGraphBuilder;

namespace RedNet.MLNet.Onnx;

/// <summary>
/// Writes a RED-Net as an ONNX graph (opset 17) of Conv, Relu and Add nodes. The deconvolutions are written as Conv nodes
/// with their equivalent flipped, transposed weights: the same function, and ONNX Runtime's Conv is measured faster than its
/// ConvTranspose on CPU.
/// </summary>
public static class RedNetOnnxWriter
{
    public const int Opset = 17;
    public const long IrVersion = 8;

    /// <summary>Serialises a whole model with the given layout and metadata (the architecture keys are added).</summary>
    public static byte[] Write(RedNetWeights weights, RedNetOnnxLayout layout, IReadOnlyDictionary<string, string>? metadata = null)
        => CreateModel(weights, layout, metadata).ToByteArray();

    public static ModelProto CreateModel(RedNetWeights weights, RedNetOnnxLayout layout, IReadOnlyDictionary<string, string>? metadata = null)
    {
        weights.Validate();
        var b = new OnnxGraphBuilder($"{weights.Config.Name.ToLowerInvariant()}_{layout.ToString().ToLowerInvariant()}");
        AddWeights(b, weights);
        switch (layout)
        {
            case RedNetOnnxLayout.Nchw:
            {
                b.AddInput("input", TensorProto.Types.DataType.Float, "N", 1, "H", "W");
                string net = AddNet(b, weights, "input");
                b.AddNamed("Identity", new[] { net }, "output");
                b.AddOutput("output", TensorProto.Types.DataType.Float, "N", 1, "H", "W");
                break;
            }
            case RedNetOnnxLayout.Flat:
            {
                b.AddInput("pixels", TensorProto.Types.DataType.Float, 1, "L");
                b.AddInput("shape", TensorProto.Types.DataType.Int64, 2);
                string shape4 = b.Add("Concat", new[] { b.Int64s(1, 1), "shape" }, Attr.Int("axis", 0));
                string image = b.Add("Reshape", new[] { "pixels", shape4 });
                string net = AddNet(b, weights, image);
                b.AddNamed("Reshape", new[] { net, b.Int64s(1, -1) }, "output");
                b.AddOutput("output", TensorProto.Types.DataType.Float, 1, "L");
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown layout.");
        }
        var model = NewModel(b.Graph, $"RED-Net {weights.Config.Name}: super-resolution of the Y channel of a bicubic-enlarged image, values 0-1.");
        var all = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>())
        {
            [RedNetOnnxMetadata.Format] = RedNetOnnxMetadata.FormatValue,
            [RedNetOnnxMetadata.Layers] = weights.Config.Layers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [RedNetOnnxMetadata.Features] = weights.Config.Features.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [RedNetOnnxMetadata.SkipEvery] = weights.Config.SkipEvery.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [RedNetOnnxMetadata.Layout] = layout.ToString().ToLowerInvariant(),
        };
        foreach (var (key, value) in all.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    /// <summary>A ModelProto around <paramref name="graph"/> with this project's producer and opset.</summary>
    internal static ModelProto NewModel(GraphProto graph, string doc)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "RedNet.NET",
            ProducerVersion = typeof(RedNetOnnxWriter).Assembly.GetName().Version?.ToString() ?? "",
            DocString = doc,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    /// <summary>Adds every layer's weights as initializers named by <see cref="RedNetOnnxMetadata"/>.</summary>
    internal static void AddWeights(OnnxGraphBuilder b, RedNetWeights weights)
    {
        int k = RedNetConfig.KernelSize;
        for (int i = 0; i < weights.Config.Layers; i++)
        {
            var e = weights.Encoder[i];
            b.FloatInitializer(RedNetOnnxMetadata.EncoderWeight(i), e.Weight, e.OutChannels, e.InChannels, k, k);
            b.FloatInitializer(RedNetOnnxMetadata.EncoderBias(i), e.Bias, e.OutChannels);
            var d = weights.Decoder[i];
            b.FloatInitializer(RedNetOnnxMetadata.DecoderWeight(i), d.Weight, d.OutChannels, d.InChannels, k, k);
            b.FloatInitializer(RedNetOnnxMetadata.DecoderBias(i), d.Bias, d.OutChannels);
        }
    }

    /// <summary>
    /// Adds the network's nodes on <paramref name="input"/> ([N,1,H,W]) and returns the name of its output. The weights must
    /// already be initializers of this graph or of an enclosing one (<see cref="AddWeights"/>).
    /// </summary>
    internal static string AddNet(OnnxGraphBuilder b, RedNetWeights weights, string input)
    {
        var config = weights.Config;
        int n = config.Layers;
        var skips = new string?[n];
        string h = input;
        for (int i = 1; i <= n; i++)
        {
            h = b.Add("Relu", new[] { Conv(b, h, RedNetOnnxMetadata.EncoderWeight(i - 1), RedNetOnnxMetadata.EncoderBias(i - 1)) });
            if (config.HasSkipFrom(i)) skips[i] = h;
        }
        for (int j = 1; j < n; j++)
        {
            h = Conv(b, h, RedNetOnnxMetadata.DecoderWeight(j - 1), RedNetOnnxMetadata.DecoderBias(j - 1));
            if (skips[n - j] is { } skip) h = b.Add("Add", new[] { h, skip });
            h = b.Add("Relu", new[] { h });
        }
        string last = Conv(b, h, RedNetOnnxMetadata.DecoderWeight(n - 1), RedNetOnnxMetadata.DecoderBias(n - 1));
        return b.Add("Add", new[] { last, input });
    }

    private static string Conv(OnnxGraphBuilder b, string input, string weight, string bias)
        => b.Add("Conv", new[] { input, weight, bias },
            Attr.Ints("kernel_shape", 3, 3), Attr.Ints("pads", 1, 1, 1, 1), Attr.Ints("strides", 1, 1));
}
