using System.Text.Json.Serialization;

namespace RedNet.MLNet.Model;

/// <summary>How the decoder's stride-1, padding-1 transposed convolutions are computed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DecoderForm>))]
public enum DecoderForm
{
    /// <summary>
    /// As ordinary convolutions. A stride-1, padding-1 ConvTranspose2d with weights W[in,out,kh,kw] is the same function as a
    /// Conv2d with weights W transposed to [out,in] and flipped in both spatial axes; libtorch's CPU Conv2d is faster, so
    /// this is the default. Export writes these layers as ONNX Conv nodes.
    /// </summary>
    Convolution,

    /// <summary>As libtorch ConvTranspose2d layers, literally as the paper writes them.</summary>
    TransposedConvolution,
}

/// <summary>
/// The shape of a RED-Net: <see cref="Layers"/> convolutions followed by as many deconvolutions, 3×3 kernels,
/// <see cref="Features"/> maps, stride 1, padding 1, ReLU after every layer; every <see cref="SkipEvery"/> layers the output
/// of conv layer i is added to the output of its mirror, deconv layer Layers − i, before that layer's ReLU; the last deconv
/// gives one channel and the input image is added to it (no final ReLU).
/// </summary>
public sealed record RedNetConfig
{
    /// <summary>Convolution layers (= deconvolution layers): RED10 has 5, RED20 10, RED30 15.</summary>
    public int Layers { get; init; } = 5;

    /// <summary>Feature maps of every hidden layer (64 in the paper).</summary>
    public int Features { get; init; } = 64;

    /// <summary>Distance between skip connections in layers (2 in the paper); 0 for none.</summary>
    public int SkipEvery { get; init; } = 2;

    public DecoderForm Decoder { get; init; } = DecoderForm.Convolution;

    public const int KernelSize = 3;

    /// <summary>The paper's RED10: 5 + 5 layers and, as in the paper's comparison, no skip connections.</summary>
    public static RedNetConfig Red10 => new() { Layers = 5, SkipEvery = 0 };

    /// <summary>The paper's RED20: 10 + 10 layers, skips every 2.</summary>
    public static RedNetConfig Red20 => new() { Layers = 10 };

    /// <summary>The paper's RED30: 15 + 15 layers, skips every 2.</summary>
    public static RedNetConfig Red30 => new() { Layers = 15 };

    /// <summary>Throws when the configuration cannot be built.</summary>
    public void Validate()
    {
        if (Layers < 1) throw new ArgumentOutOfRangeException(nameof(Layers), Layers, "A RED-Net needs at least one conv and one deconv layer.");
        if (Features < 1) throw new ArgumentOutOfRangeException(nameof(Features), Features, "Feature maps must be positive.");
        if (SkipEvery < 0) throw new ArgumentOutOfRangeException(nameof(SkipEvery), SkipEvery, "Skip distance must be 0 (none) or positive.");
    }

    /// <summary>True when the output of conv layer <paramref name="convLayer"/> (1-based) feeds a skip connection.
    /// Conv layer i mirrors deconv layer Layers − i, so only i &lt; Layers has a partner.</summary>
    public bool HasSkipFrom(int convLayer) => SkipEvery > 0 && convLayer % SkipEvery == 0 && convLayer < Layers;

    /// <summary>The deconv layer (1-based) whose output receives the skip from conv layer <paramref name="convLayer"/>.</summary>
    public int MirrorOf(int convLayer) => Layers - convLayer;

    /// <summary>Trainable parameters: weights and biases of every layer.</summary>
    public long ParameterCount
    {
        get
        {
            long k = KernelSize * KernelSize, f = Features;
            long first = 1 * f * k + f;               // conv 1: 1 → F
            long hidden = f * f * k + f;              // each F → F layer
            long last = f * 1 * k + 1;                // deconv n: F → 1
            return first + 2L * (Layers - 1) * hidden + last;
        }
    }

    /// <summary>A short name such as "RED10" (2·Layers total layers).</summary>
    public string Name => $"RED{2 * Layers}";
}
