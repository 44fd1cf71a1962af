using RedNet.MLNet.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RedNet.Training.Model;

/// <summary>
/// RED-Net (Mao, Shen &amp; Yang, NIPS 2016) for a single-channel image in [0, 1] that has already been enlarged by bicubic
/// interpolation; the output has the same size. See <see cref="RedNetConfig"/> for the wiring.
/// State-dict keys are <c>encoder.{i}.weight|bias</c> and <c>decoder.{i}.weight|bias</c> (0-based) and stay stable.
/// </summary>
public sealed class RedNet : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> encoder = new();
    private readonly ModuleList<nn.Module<Tensor, Tensor>> decoder = new();

    public RedNet(RedNetConfig config) : base(config.Name)
    {
        config.Validate();
        Config = config;
        int f = config.Features, n = config.Layers, k = RedNetConfig.KernelSize;
        for (int i = 0; i < n; i++)
            encoder.Add(nn.Conv2d(i == 0 ? 1 : f, f, k, stride: 1, padding: 1));
        for (int j = 0; j < n; j++)
        {
            int outChannels = j == n - 1 ? 1 : f;
            decoder.Add(config.Decoder == DecoderForm.Convolution
                ? nn.Conv2d(f, outChannels, k, stride: 1, padding: 1)
                : nn.ConvTranspose2d(f, outChannels, k, stride: 1, padding: 1));
        }
        RegisterComponents();
        ResetParameters();
    }

    public RedNetConfig Config { get; }

    /// <summary>
    /// He (Kaiming) normal weights for the ReLU layers and zero biases; the last deconv starts near zero (std 1e-3) so that the
    /// untrained net returns almost exactly its bicubic input and training starts from the bicubic baseline.
    /// </summary>
    public void ResetParameters()
    {
        using var _ = no_grad();
        var layers = encoder.Concat(decoder).ToList();
        for (int i = 0; i < layers.Count; i++)
        {
            var (weight, bias) = WeightAndBias(layers[i]);
            if (i == layers.Count - 1) nn.init.normal_(weight, 0, 1e-3);
            else nn.init.kaiming_normal_(weight, mode: nn.init.FanInOut.FanIn, nonlinearity: nn.init.NonlinearityType.ReLU);
            nn.init.zeros_(bias);
        }
    }

    /// <summary>The conv layers in order (index 0 = conv layer 1).</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Encoder => encoder.ToList();

    /// <summary>The deconv layers in order (index 0 = deconv layer 1).</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Decoder => decoder.ToList();

    public static (Tensor Weight, Tensor Bias) WeightAndBias(nn.Module<Tensor, Tensor> layer) => layer switch
    {
        Conv2d c => (c.weight!, c.bias!),
        ConvTranspose2d t => (t.weight!, t.bias!),
        _ => throw new InvalidOperationException($"Unexpected layer {layer.GetType().Name}."),
    };

    // The 64 → 1 layer: in the convolution form it runs through SingleOutputConvolution, not oneDNN's one-output-channel
    // convolution (issue 10). The transposed form keeps the paper's ConvTranspose2d, which oneDNN runs without that primitive.
    private Tensor LastLayer(Tensor h)
    {
        var last = decoder[Config.Layers - 1];
        if (last is not Conv2d conv) return last.forward(h);
        return SingleOutputConvolution.Forward(h, conv.weight!, conv.bias);
    }

    public override Tensor forward(Tensor input) => Forward(input, disabledSkips: null, activations: null);

    /// <summary>
    /// What the network adds to its input (the output of the last layer, before the input is added back), so that a caller
    /// can run the layers in a narrower type (bf16) and still add the residual to the input in fp32.
    /// </summary>
    public Tensor Residual(Tensor input, IList<Tensor>? activations = null) => Body(input, disabledSkips: null, activations);

    /// <summary>
    /// The forward pass, optionally with some skip connections cut (by the conv layer they start from, 1-based) and with the
    /// output of every layer collected (conv layers 1..n, then deconv layers 1..n), for tests and inspection.
    /// </summary>
    public Tensor Forward(Tensor input, IReadOnlySet<int>? disabledSkips, IList<Tensor>? activations)
    {
        var output = Body(input, disabledSkips, activations).add_(input, KeptScalars.One);
        activations?.Add(output);
        return output;
    }

    private Tensor Body(Tensor input, IReadOnlySet<int>? disabledSkips, IList<Tensor>? activations)
    {
        int n = Config.Layers;
        var skips = new Tensor?[n];
        Tensor h = input;
        for (int i = 1; i <= n; i++)
        {
            h = encoder[i - 1].forward(h).relu_();
            if (Config.HasSkipFrom(i) && disabledSkips?.Contains(i) != true) skips[i] = h;
            activations?.Add(h);
        }
        for (int j = 1; j < n; j++)
        {
            h = decoder[j - 1].forward(h);
            int mirror = n - j; // conv layer mirrored by deconv layer j
            if (skips[mirror] is { } skip) h = h.add_(skip, KeptScalars.One);
            h = h.relu_();
            activations?.Add(h);
        }
        return LastLayer(h);
    }
}
