using Onnx;
using RedNet.MLNet.Model;

namespace RedNet.MLNet.Quantization;

/// <summary>
/// Reads back a layer that <see cref="QdqLayerWriter"/> stored quantized (int8 weights and int32 bias, each with per-channel
/// scales) as the float weights they stand for. Quantizing those again with the same calibration gives the same integers, so
/// an int8 model read back and rebuilt (e.g. inside the tiled graph) is the model that was exported.
/// </summary>
internal static class QuantizedInitializers
{
    /// <summary>The layer, dequantized; null when <paramref name="weightName"/> is not stored quantized.</summary>
    public static ConvolutionWeights? TryRead(IReadOnlyDictionary<string, TensorProto> initializers, string weightName, string biasName, string source)
    {
        if (!initializers.TryGetValue(QdqLayerWriter.QuantizedName(weightName), out var w)) return null;
        var wScale = Floats(Required(initializers, QdqLayerWriter.ScaleName(weightName), source), source);
        var b = Required(initializers, QdqLayerWriter.QuantizedName(biasName), source);
        var bScale = Floats(Required(initializers, QdqLayerWriter.ScaleName(biasName), source), source);
        if (w.DataType != (int)TensorProto.Types.DataType.Int8 || w.Dims.Count != 4 || b.DataType != (int)TensorProto.Types.DataType.Int32)
            throw new FormatException($"'{source}': '{w.Name}' must be int8 [out, in, 3, 3] and '{b.Name}' int32.");
        var weights = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(w.RawData.Span);
        var biases = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(b.RawData.Span);
        int outChannels = (int)w.Dims[0];
        if (wScale.Length != outChannels || bScale.Length != outChannels || biases.Length != outChannels || weights.Length != outChannels * (int)(w.Dims[1] * w.Dims[2] * w.Dims[3]))
            throw new FormatException($"'{source}': the int8 layer '{weightName}' has scales or biases that do not match its {outChannels} output channels.");
        var bias = new float[outChannels];
        for (int o = 0; o < outChannels; o++) bias[o] = biases[o] * bScale[o];
        return new ConvolutionWeights((int)w.Dims[1], outChannels, PerChannelWeights.Dequantize(weights, wScale), bias);
    }

    private static TensorProto Required(IReadOnlyDictionary<string, TensorProto> initializers, string name, string source)
        => initializers.TryGetValue(name, out var t) ? t : throw new FormatException($"'{source}': the int8 initializer '{name}' is missing.");

    private static float[] Floats(TensorProto t, string source)
    {
        if (t.DataType != (int)TensorProto.Types.DataType.Float || t.RawData.Length % 4 != 0)
            throw new FormatException($"'{source}': '{t.Name}' is not a float32 scale.");
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray();
    }
}
