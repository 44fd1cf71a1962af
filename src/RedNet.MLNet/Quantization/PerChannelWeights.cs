namespace RedNet.MLNet.Quantization;

/// <summary>
/// Symmetric per-output-channel quantization of a convolution's weights ([out, in, k, k]): each output channel gets its own
/// scale, max |w| / <c>weightMax</c>, and zero point 0; the bias becomes int32 on the scale input-scale × weight-scale, as
/// ONNX Runtime's QLinearConv computes it.
/// </summary>
public sealed record PerChannelWeights(sbyte[] Weight, float[] WeightScale, int[] Bias, float[] BiasScale)
{
    public static PerChannelWeights Quantize(float[] weight, float[] bias, int outChannels, int weightMax, float inputScale)
    {
        int perChannel = weight.Length / outChannels;
        var q = new sbyte[weight.Length];
        var scales = new float[outChannels];
        var qBias = new int[outChannels];
        var biasScales = new float[outChannels];
        for (int o = 0; o < outChannels; o++)
        {
            var w = weight.AsSpan(o * perChannel, perChannel);
            float max = 0;
            foreach (float v in w) max = Math.Max(max, Math.Abs(v));
            // A channel of zeros still needs a positive scale (its bias scale divides).
            float scale = max > 0 ? max / weightMax : 1f;
            scales[o] = scale;
            for (int i = 0; i < perChannel; i++)
                q[o * perChannel + i] = (sbyte)Math.Clamp(MathF.Round(w[i] / scale), -weightMax, weightMax);
            biasScales[o] = inputScale * scale;
            qBias[o] = (int)Math.Clamp(Math.Round(bias[o] / (double)biasScales[o]), int.MinValue, int.MaxValue);
        }
        return new PerChannelWeights(q, scales, qBias, biasScales);
    }

    /// <summary>The float weights the quantized ones stand for (each value times its channel's scale).</summary>
    public static float[] Dequantize(ReadOnlySpan<sbyte> weight, ReadOnlySpan<float> scales)
    {
        int perChannel = weight.Length / scales.Length;
        var w = new float[weight.Length];
        for (int i = 0; i < w.Length; i++) w[i] = weight[i] * scales[i / perChannel];
        return w;
    }
}
