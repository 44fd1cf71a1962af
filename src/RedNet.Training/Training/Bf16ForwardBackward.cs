using TorchSharp;
using static TorchSharp.torch;

namespace RedNet.Training.Training;

/// <summary>
/// A training step's forward and backward pass with the layers in bf16 ("mixed precision"), for CPUs with AVX512_BF16 or
/// AMX, where oneDNN's bf16 convolutions run about twice as fast as fp32 ones (benchmarks/RESULTS.md). A bf16 copy of the
/// network runs the layers; the residual is added to the input and the MSE taken in fp32; the gradients are handed back
/// to the fp32 network, so that its weights, Adam's moments, clipping and checkpoints stay exactly as in fp32 training.
/// </summary>
/// <remarks>
/// Why not the whole network in bf16: an Adam update at this project's learning rates (1e-4 and below) is under bf16's
/// resolution (8 significant bits) for most weights and would be lost, and a bf16 image loses half a grey level at
/// mid-grey — so the weights stay fp32 and only the layers' arithmetic narrows. No loss scaling is needed: bf16 has fp32's
/// exponent range.
/// The bf16 copy keeps its convolution weights channels-last (NHWC strides), so oneDNN runs every layer, forward and
/// backward, in that layout without reordering each tensor in and out: 13–18 % more patches per second for RED20 on a
/// Zen 5 (benchmarks/RESULTS.md, "Channels-last bf16 training"). The fp32 weights keep their plain layout; only values cross.
/// </remarks>
public sealed class Bf16ForwardBackward : IDisposable
{
    private readonly Model.RedNet _compute;
    private readonly TorchSharp.Modules.Parameter[] _weights;
    private readonly TorchSharp.Modules.Parameter[] _computeWeights;

    public Bf16ForwardBackward(Model.RedNet model)
    {
        _compute = new Model.RedNet(model.Config);
        _compute.to(ScalarType.BFloat16);
        using (var scope = NewDisposeScope())
        using (no_grad())
            foreach (var p in _compute.parameters())
                if (p.dim() == 4) p.set_(ChannelsLast(p));
        _compute.train();
        _weights = model.parameters().ToArray();
        _computeWeights = _compute.parameters().ToArray();
    }

    /// <summary>
    /// The MSE of the network's output for <paramref name="input"/> against <paramref name="target"/> (fp32), with the
    /// gradients of the fp32 network's weights set to its gradients (the bf16 copy's, widened). <paramref name="activations"/>
    /// collects the layer outputs (bf16) as <see cref="Model.RedNet.Forward"/> does, for a diagnosis.
    /// </summary>
    public Tensor LossAndGradients(Tensor input, Tensor target, IList<Tensor>? activations)
    {
        using (no_grad())
            for (int i = 0; i < _weights.Length; i++) _computeWeights[i].copy_(_weights[i]);
        _compute.zero_grad();
        var output = _compute.Residual(input.to(ScalarType.BFloat16), activations).to(ScalarType.Float32).add_(input, Model.KeptScalars.One);
        activations?.Add(output);
        var loss = nn.functional.mse_loss(output, target);
        loss.backward();
        using (no_grad())
            for (int i = 0; i < _weights.Length; i++)
            {
                var gradient = _computeWeights[i].grad!.to(ScalarType.Float32);
                if (_weights[i].grad is { } existing) existing.copy_(gradient);
                else _weights[i].grad = gradient.contiguous(); // the fp32 weights' own (plain) layout, as Adam and clipping expect
            }
        return loss;
    }

    // The same values with NHWC strides, still indexed [N, C, H, W]: what PyTorch's to(memory_format=channels_last) makes.
    // Copies into such a tensor (copy_ above) keep its strides, and oneDNN's results follow its inputs' layout.
    private static Tensor ChannelsLast(Tensor t) => t.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    public void Dispose() => _compute.Dispose();
}
