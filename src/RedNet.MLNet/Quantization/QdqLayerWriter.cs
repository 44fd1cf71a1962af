using RedNet.MLNet.Model;
using RedNet.MLNet.Onnx;
using static RedNet.MLNet.Onnx.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;

namespace RedNet.MLNet.Quantization;

/// <summary>
/// Writes the int8 model in ONNX's QDQ form, which ONNX Runtime turns into int8 kernels (QLinearConv, QLinearAdd): every
/// activation of <see cref="ActivationPoints"/> goes through QuantizeLinear → DequantizeLinear (uint8, the calibrated range),
/// and every convolution whose input is such an activation reads its weights through DequantizeLinear of int8 per-channel
/// weights (axis 0) and its bias through DequantizeLinear of int32. The first convolution (its input is the image) and the last
/// (its output is the residual added to the image) keep float weights, so the network's input and output stay exact floats.
/// </summary>
internal sealed class QdqLayerWriter : NetLayerWriter
{
    private readonly Int8Calibration _calibration;
    private readonly int _layers;

    public QdqLayerWriter(RedNetWeights weights, Int8Calibration calibration)
    {
        calibration.Validate(weights.Config, calibration.Source);
        _calibration = calibration;
        _layers = weights.Config.Layers;
    }

    public override void AddWeights(OnnxGraphBuilder b, RedNetWeights weights)
    {
        int k = RedNetConfig.KernelSize;
        for (int i = 0; i < _layers; i++)
            foreach (var layer in new[] { new NetLayer(false, i), new NetLayer(true, i) })
            {
                var w = layer.Of(weights);
                if (InputPoint(layer) is not { } point)
                {
                    b.FloatInitializer(layer.WeightName, w.Weight, w.OutChannels, w.InChannels, k, k);
                    b.FloatInitializer(layer.BiasName, w.Bias, w.OutChannels);
                    continue;
                }
                var q = PerChannelWeights.Quantize(w.Weight, w.Bias, w.OutChannels, _calibration.WeightMax, _calibration.Ranges[point].Scale);
                b.RawInitializer(QuantizedName(layer.WeightName), DataType.Int8, q.Weight, w.OutChannels, w.InChannels, k, k);
                b.RawInitializer(ScaleName(layer.WeightName), DataType.Float, q.WeightScale, w.OutChannels);
                b.RawInitializer(ZeroPointName(layer.WeightName), DataType.Int8, new sbyte[w.OutChannels], w.OutChannels);
                b.RawInitializer(QuantizedName(layer.BiasName), DataType.Int32, q.Bias, w.OutChannels);
                b.RawInitializer(ScaleName(layer.BiasName), DataType.Float, q.BiasScale, w.OutChannels);
                b.RawInitializer(ZeroPointName(layer.BiasName), DataType.Int32, new int[w.OutChannels], w.OutChannels);
            }
        foreach (var (point, range) in _calibration.Ranges.Where(kv => ActivationPoints.Of(weights.Config).Contains(kv.Key)))
        {
            b.RawInitializer(ScaleName(point), DataType.Float, new[] { range.Scale });
            b.RawInitializer(ZeroPointName(point), DataType.Uint8, new[] { range.ZeroPoint });
        }
    }

    public override string Conv(OnnxGraphBuilder b, string input, NetLayer layer)
    {
        if (InputPoint(layer) is null) return base.Conv(b, input, layer);
        // One DequantizeLinear per Conv node (also when the self-ensemble writes the net 8 times): ONNX Runtime fuses a
        // DequantizeLinear into one int8 node only.
        string weight = Dequantize(b, layer.WeightName);
        string bias = Dequantize(b, layer.BiasName);
        return Conv(b, input, weight, bias);
    }

    public override string Activation(OnnxGraphBuilder b, string tensor, string point)
    {
        string q = b.Add("QuantizeLinear", new[] { tensor, ScaleName(point), ZeroPointName(point) });
        return b.Add("DequantizeLinear", new[] { q, ScaleName(point), ZeroPointName(point) });
    }

    /// <summary>The quantized activation a layer reads; null for the layers that keep float weights (the first and the last).</summary>
    private string? InputPoint(NetLayer layer) => layer switch
    {
        { Decoder: false, Index: 0 } => null,
        { Decoder: false } => ActivationPoints.EncoderOutput(layer.Index - 1),
        { Decoder: true } when layer.Index == _layers - 1 => null,
        { Decoder: true, Index: 0 } => ActivationPoints.EncoderOutput(_layers - 1),
        _ => ActivationPoints.DecoderOutput(layer.Index - 1),
    };

    // Per output channel: axis 0 of the weights and of the bias.
    private static string Dequantize(OnnxGraphBuilder b, string name)
        => b.Add("DequantizeLinear", new[] { QuantizedName(name), ScaleName(name), ZeroPointName(name) }, Attr.Int("axis", 0));

    internal static string QuantizedName(string name) => name + "_quantized";
    internal static string ScaleName(string name) => name + "_scale";
    internal static string ZeroPointName(string name) => name + "_zero_point";
}
