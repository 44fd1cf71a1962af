using RedNet.MLNet.Model;
using static RedNet.MLNet.Onnx.OnnxGraphBuilder;

namespace RedNet.MLNet.Onnx;

/// <summary>One convolution of the network: conv layer <c>Index + 1</c> or, with <see cref="Decoder"/>, deconv layer <c>Index + 1</c>.</summary>
internal readonly record struct NetLayer(bool Decoder, int Index)
{
    public string WeightName => Decoder ? RedNetOnnxMetadata.DecoderWeight(Index) : RedNetOnnxMetadata.EncoderWeight(Index);
    public string BiasName => Decoder ? RedNetOnnxMetadata.DecoderBias(Index) : RedNetOnnxMetadata.EncoderBias(Index);
    public ConvolutionWeights Of(RedNetWeights weights) => Decoder ? weights.Decoder[Index] : weights.Encoder[Index];
}

/// <summary>
/// How <see cref="RedNetOnnxWriter.AddNet"/> writes the network's weights and convolutions. This base writes fp32 Conv nodes
/// and leaves the activations between layers as they are; <see cref="Quantization.QdqLayerWriter"/> writes the int8 model,
/// and the calibration graph uses <see cref="Activation"/> to find the tensors it measures.
/// </summary>
internal class NetLayerWriter
{
    public static NetLayerWriter Fp32 { get; } = new();

    /// <summary>The writer for <paramref name="options"/>: int8 (QDQ) when they carry a calibration, else fp32.</summary>
    public static NetLayerWriter For(RedNetWeights weights, InferenceGraphOptions options)
        => options.Int8 is { } int8 ? new Quantization.QdqLayerWriter(weights, int8) : Fp32;

    /// <summary>Adds the weights as initializers of <paramref name="b"/>, named by <see cref="RedNetOnnxMetadata"/>.</summary>
    public virtual void AddWeights(OnnxGraphBuilder b, RedNetWeights weights)
    {
        int k = RedNetConfig.KernelSize;
        for (int i = 0; i < weights.Config.Layers; i++)
            foreach (var layer in new[] { new NetLayer(false, i), new NetLayer(true, i) })
            {
                var w = layer.Of(weights);
                b.FloatInitializer(layer.WeightName, w.Weight, w.OutChannels, w.InChannels, k, k);
                b.FloatInitializer(layer.BiasName, w.Bias, w.OutChannels);
            }
    }

    /// <summary>The 3×3, padding-1 convolution of <paramref name="layer"/> on <paramref name="input"/>; returns its output.</summary>
    public virtual string Conv(OnnxGraphBuilder b, string input, NetLayer layer) => Conv(b, input, layer.WeightName, layer.BiasName);

    /// <summary>
    /// Called for each activation the int8 model quantizes (<see cref="Quantization.ActivationPoints"/>); returns the tensor
    /// the network goes on with. fp32: <paramref name="tensor"/> itself.
    /// </summary>
    public virtual string Activation(OnnxGraphBuilder b, string tensor, string point) => tensor;

    protected static string Conv(OnnxGraphBuilder b, string input, string weight, string bias)
        => b.Add("Conv", new[] { input, weight, bias },
            Attr.Ints("kernel_shape", 3, 3), Attr.Ints("pads", 1, 1, 1, 1), Attr.Ints("strides", 1, 1));
}
