using RedNet.MLNet.Model;
using static TorchSharp.torch;

namespace RedNet.Benchmarks;

/// <summary>A shipped model's weights (read from its ONNX file) as a TorchSharp RED-Net in eval mode, for comparisons run in libtorch.</summary>
public static class TorchWeights
{
    public static RedNet.Training.Model.RedNet Module(RedNetWeights weights)
    {
        var model = new RedNet.Training.Model.RedNet(weights.Config);
        using (no_grad())
        {
            for (int i = 0; i < weights.Config.Layers; i++)
            {
                Copy(model.Encoder[i], weights.Encoder[i]);
                Copy(model.Decoder[i], weights.Decoder[i]);
            }
        }
        model.eval();
        return model;
    }

    private static void Copy(nn.Module<Tensor, Tensor> layer, ConvolutionWeights w)
    {
        var (weight, bias) = RedNet.Training.Model.RedNet.WeightAndBias(layer);
        weight.copy_(tensor(w.Weight, weight.shape));
        bias.copy_(tensor(w.Bias, bias.shape));
    }
}
