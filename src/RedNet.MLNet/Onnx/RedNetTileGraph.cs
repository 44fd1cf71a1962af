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

    public static byte[] Build(RedNetWeights weights, bool selfEnsemble)
    {
        weights.Validate();
        var b = new OnnxGraphBuilder("rednet_tile");
        RedNetOnnxWriter.AddWeights(b, weights);
        b.AddInput(InputName, TensorProto.Types.DataType.Float, 1, 1, "H", "W");
        string output = selfEnsemble ? RedNetInferenceGraph.AddSelfEnsemble(b, weights, InputName) : RedNetOnnxWriter.AddNet(b, weights, InputName);
        b.AddNamed("Identity", new[] { output }, OutputName);
        b.AddOutput(OutputName, TensorProto.Types.DataType.Float, 1, 1, "H", "W");
        return RedNetOnnxWriter.NewModel(b.Graph, $"RED-Net {weights.Config.Name} on one tile, self-ensemble {selfEnsemble}; Y 0-1 in and out.").ToByteArray();
    }
}
