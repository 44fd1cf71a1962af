namespace RedNet.MLNet.Model;

/// <summary>One 3×3 convolution: weights [Out, In, 3, 3] row-major and Out biases.</summary>
public sealed record ConvolutionWeights(int InChannels, int OutChannels, float[] Weight, float[] Bias)
{
    public void Validate(string name)
    {
        int k = RedNetConfig.KernelSize;
        if (Weight.Length != OutChannels * InChannels * k * k)
            throw new FormatException($"{name}: expected {OutChannels}x{InChannels}x{k}x{k} weights, got {Weight.Length} values.");
        if (Bias.Length != OutChannels)
            throw new FormatException($"{name}: expected {OutChannels} biases, got {Bias.Length}.");
    }

    /// <summary>
    /// The convolution that equals a stride-1, padding-1 transposed convolution with weights [In, Out, 3, 3]:
    /// swap the channel axes and flip both spatial axes.
    /// </summary>
    public static ConvolutionWeights FromTransposed(int inChannels, int outChannels, float[] transposedWeight, float[] bias)
    {
        int k = RedNetConfig.KernelSize;
        var w = new float[transposedWeight.Length];
        for (int i = 0; i < inChannels; i++)
            for (int o = 0; o < outChannels; o++)
                for (int y = 0; y < k; y++)
                    for (int x = 0; x < k; x++)
                        w[((o * inChannels + i) * k + (k - 1 - y)) * k + (k - 1 - x)] = transposedWeight[((i * outChannels + o) * k + y) * k + x];
        return new ConvolutionWeights(inChannels, outChannels, w, (float[])bias.Clone());
    }
}

/// <summary>
/// A RED-Net's weights, independent of TorchSharp and ONNX: <see cref="Encoder"/> holds conv layers 1..n, <see cref="Decoder"/>
/// deconv layers 1..n written in their equivalent convolution form. The exporter writes them; the ML.NET side reads them back
/// from an ONNX file to build its inference graph.
/// </summary>
public sealed record RedNetWeights(RedNetConfig Config, IReadOnlyList<ConvolutionWeights> Encoder, IReadOnlyList<ConvolutionWeights> Decoder)
{
    /// <summary>Throws <see cref="FormatException"/> when a layer's shape does not fit <see cref="Config"/>.</summary>
    public void Validate()
    {
        int n = Config.Layers, f = Config.Features;
        if (Encoder.Count != n || Decoder.Count != n)
            throw new FormatException($"{Config.Name} needs {n} conv and {n} deconv layers, got {Encoder.Count} and {Decoder.Count}.");
        for (int i = 0; i < n; i++)
        {
            Expect(Encoder[i], i == 0 ? 1 : f, f, $"conv layer {i + 1}");
            Expect(Decoder[i], f, i == n - 1 ? 1 : f, $"deconv layer {i + 1}");
        }

        static void Expect(ConvolutionWeights layer, int input, int output, string name)
        {
            if (layer.InChannels != input || layer.OutChannels != output)
                throw new FormatException($"{name}: expected {input} → {output} channels, got {layer.InChannels} → {layer.OutChannels}.");
            layer.Validate(name);
        }
    }
}
