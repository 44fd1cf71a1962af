using TorchSharp;
using RedNet.Training.Model;
using static TorchSharp.torch;

namespace RedNet.Training.Tests;

public class SingleOutputConvolutionTests
{
    public SingleOutputConvolutionTests() => TorchSetup.Initialize();

    // Relative to the reference's largest magnitude, in float64.
    private static double Relative(Tensor value, Tensor reference)
        => (value.to(float64) - reference).abs().max().item<double>() / reference.abs().max().item<double>();

    /// <summary>
    /// The reference is libtorch's conv2d in float64, not float32: on an AMD EPYC with AVX-512 (issue 10) oneDNN's float32
    /// input gradient of a convolution whose output channels do not fill its SIMD block (1 here) is wrong — exactly the fault
    /// this class routes around — while float64 runs libtorch's own kernels. The last case is the training shape of that
    /// layer (batch 32 of 50×50, 64 maps), where oneDNN's float32 gradient was off by up to 100 % there.
    /// </summary>
    [Theory]
    [InlineData(2, 64, 17, 23, 3)]
    [InlineData(1, 8, 5, 4, 3)]
    [InlineData(3, 5, 9, 11, 5)]
    [InlineData(1, 3, 1, 1, 3)]
    [InlineData(32, 64, 50, 50, 3)]
    public void Equals_conv2d_in_value_and_in_every_gradient(int n, int c, int h, int w, int k)
    {
        manual_seed(n * 1000 + c * 10 + k);
        var input = randn(n, c, h, w).requires_grad_(true);
        var weight = (randn(1, c, k, k) * 0.1).requires_grad_(true);
        var bias = randn(1).requires_grad_(true);
        var upstream = randn(n, 1, h, w);

        var ours = SingleOutputConvolution.Forward(input, weight, bias);
        Assert.Equal(new long[] { n, 1, h, w }, ours.shape);
        var (gi, gw, gb) = Gradients(ours, upstream, input, weight, bias);

        var input64 = input.detach().to(float64).requires_grad_(true);
        var weight64 = weight.detach().to(float64).requires_grad_(true);
        var bias64 = bias.detach().to(float64).requires_grad_(true);
        var reference = nn.functional.conv2d(input64, weight64, bias64, padding: new long[] { k / 2, k / 2 });
        var (ri, rw, rb) = Gradients(reference, upstream.to(float64), input64, weight64, bias64);

        Assert.True(Relative(ours, reference) < 1e-5, $"output differs by {Relative(ours, reference):g3} (relative)");
        Assert.True(Relative(gi, ri) < 1e-5, $"input gradient differs by {Relative(gi, ri):g3} (relative)");
        Assert.True(Relative(gw, rw) < 1e-4, $"weight gradient differs by {Relative(gw, rw):g3} (relative)");
        Assert.True(Relative(gb, rb) < 1e-4, $"bias gradient differs by {Relative(gb, rb):g3} (relative)");
    }

    private static (Tensor Input, Tensor Weight, Tensor Bias) Gradients(Tensor output, Tensor upstream, Tensor input, Tensor weight, Tensor bias)
    {
        var g = torch.autograd.grad(new[] { output }, new[] { input, weight, bias }, new[] { upstream });
        return (g[0], g[1], g[2]);
    }

    [Fact]
    public void Zero_border_is_what_conv2d_pads_with()
    {
        // A single 1 in a corner and all-ones weights: the 3×3 neighbourhood sums see exactly the pixels inside the image.
        var input = zeros(1, 1, 4, 4);
        input[0, 0, 0, 0] = tensor(1f);
        var output = SingleOutputConvolution.Forward(input, ones(1, 1, 3, 3), null);
        var expected = zeros(1, 1, 4, 4);
        expected[0, 0, 0, 0] = tensor(1f);
        expected[0, 0, 0, 1] = tensor(1f);
        expected[0, 0, 1, 0] = tensor(1f);
        expected[0, 0, 1, 1] = tensor(1f);
        Assert.True(output.equal(expected).all().item<bool>());
    }

    [Fact]
    public void Rejects_weights_that_are_not_one_output_channel()
    {
        var input = zeros(1, 4, 6, 6);
        var e = Assert.Throws<ArgumentException>(() => SingleOutputConvolution.Forward(input, zeros(2, 4, 3, 3), null));
        Assert.Contains("[1, 4, k, k]", e.Message);
        Assert.Throws<ArgumentException>(() => SingleOutputConvolution.Forward(input, zeros(1, 4, 2, 2), null));
        Assert.Throws<ArgumentException>(() => SingleOutputConvolution.Forward(zeros(4, 6, 6), zeros(1, 4, 3, 3), null));
    }
}
