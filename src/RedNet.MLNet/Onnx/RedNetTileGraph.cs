using Google.Protobuf;
using Onnx;
using RedNet.MLNet.Model;

namespace RedNet.MLNet.Onnx;

/// <summary>
/// The ONNX graph the strip upscaler runs on each tile: the plain network (or its 8-way self-ensemble) on one bicubic Y tile,
/// [1, 1, H, W] in and out, with the weights as initializers of this very graph, so ONNX Runtime applies its NCHWc layout
/// (its fast CPU convolutions) exactly as it does to the Loop body of <see cref="RedNetInferenceGraph"/>; the two compute a
/// tile alike, the tiling being done by the caller here instead of by a Loop.
/// </summary>
public static class RedNetTileGraph
{
    public const string InputName = "tile";
    public const string OutputName = "restored";

    /// <summary>The ONNX graph that restores one tile (a [1, 1, H, W] bicubic-enlarged Y, 0–1) with <paramref name="weights"/>.</summary>
    /// <param name="weights">The network's layers and configuration.</param>
    /// <param name="options">Self-ensemble and precision (fp32, or int8 with its calibration) as in the tiled graph; the tiling itself is the caller's.</param>
    public static byte[] Build(RedNetWeights weights, InferenceGraphOptions options)
    {
        weights.Validate();
        bool selfEnsemble = options.SelfEnsemble;
        var b = new OnnxGraphBuilder("rednet_tile");
        var writer = NetLayerWriter.For(weights, options);
        writer.AddWeights(b, weights);
        b.AddInput(InputName, TensorProto.Types.DataType.Float, 1, 1, "H", "W");
        string output = selfEnsemble ? RedNetInferenceGraph.AddSelfEnsemble(b, weights, InputName, writer) : RedNetOnnxWriter.AddNet(b, weights, InputName, writer);
        b.AddNamed("Identity", new[] { output }, OutputName);
        b.AddOutput(OutputName, TensorProto.Types.DataType.Float, 1, 1, "H", "W");
        return RedNetOnnxWriter.NewModel(b.Graph, $"RED-Net {weights.Config.Name} on one tile, self-ensemble {selfEnsemble}, {(options.Int8 is null ? "fp32" : "int8")}; Y 0-1 in and out.").ToByteArray();
    }
}
