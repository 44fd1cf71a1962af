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

    /// <summary>
    /// Serialises a whole model with the given layout and metadata (the architecture keys are added). With
    /// <paramref name="int8"/> the graph is the int8 (QDQ) model and the calibration is stored in its metadata.
    /// </summary>
    public static byte[] Write(RedNetWeights weights, RedNetOnnxLayout layout, IReadOnlyDictionary<string, string>? metadata = null,
        Quantization.Int8Calibration? int8 = null)
        => CreateModel(weights, layout, metadata, int8).ToByteArray();

    public static ModelProto CreateModel(RedNetWeights weights, RedNetOnnxLayout layout, IReadOnlyDictionary<string, string>? metadata = null,
        Quantization.Int8Calibration? int8 = null)
    {
        weights.Validate();
        var b = new OnnxGraphBuilder($"{weights.Config.Name.ToLowerInvariant()}_{layout.ToString().ToLowerInvariant()}");
        var writer = int8 is null ? NetLayerWriter.Fp32 : new Quantization.QdqLayerWriter(weights, int8);
        writer.AddWeights(b, weights);
        switch (layout)
        {
            case RedNetOnnxLayout.Nchw:
            {
                b.AddInput("input", TensorProto.Types.DataType.Float, "N", 1, "H", "W");
                string net = AddNet(b, weights, "input", writer);
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
                string net = AddNet(b, weights, image, writer);
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
        foreach (var (key, value) in int8?.ToMetadata() ?? new Dictionary<string, string>()) all[key] = value;
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

    /// <summary>
    /// Adds the network's nodes on <paramref name="input"/> ([N,1,H,W]) and returns the name of its output. The weights must
    /// already be initializers of this graph or of an enclosing one (<see cref="NetLayerWriter.AddWeights"/> of the same
    /// <paramref name="writer"/>; fp32 when null).
    /// </summary>
    internal static string AddNet(OnnxGraphBuilder b, RedNetWeights weights, string input, NetLayerWriter? writer = null)
    {
        writer ??= NetLayerWriter.Fp32;
        var config = weights.Config;
        int n = config.Layers;
        var skips = new string?[n];
        string h = input;
        for (int i = 1; i <= n; i++)
        {
            h = b.Add("Relu", new[] { writer.Conv(b, h, new NetLayer(false, i - 1)) });
            h = writer.Activation(b, h, Quantization.ActivationPoints.EncoderOutput(i - 1));
            if (config.HasSkipFrom(i)) skips[i] = h;
        }
        for (int j = 1; j < n; j++)
        {
            h = writer.Conv(b, h, new NetLayer(true, j - 1));
            if (skips[n - j] is { } skip)
            {
                h = writer.Activation(b, h, Quantization.ActivationPoints.DecoderConvolution(j - 1));
                h = b.Add("Add", new[] { h, skip });
            }
            h = b.Add("Relu", new[] { h });
            h = writer.Activation(b, h, Quantization.ActivationPoints.DecoderOutput(j - 1));
        }
        // The residual and the final Add stay in float: the output is input + residual, so only the residual path is quantized.
        string last = writer.Conv(b, h, new NetLayer(true, n - 1));
        return b.Add("Add", new[] { last, input });
    }
}
