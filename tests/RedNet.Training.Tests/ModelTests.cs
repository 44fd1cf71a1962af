using RedNet.MLNet.Model;
using RedNet.Training;
using static TorchSharp.torch;

namespace RedNet.Training.Tests;

public class ModelTests
{
    public ModelTests() => TorchSetup.Initialize();

    [Theory]
    [InlineData(5, 2)]   // RED10 with skips
    [InlineData(5, 0)]   // the paper's RED10, no skips
    [InlineData(10, 2)]  // RED20
    [InlineData(15, 2)]  // RED30
    [InlineData(7, 2)]   // odd depth
    [InlineData(1, 2)]   // the smallest
    public void Parameter_count_matches_the_formula(int layers, int skipEvery)
    {
        var config = new RedNetConfig { Layers = layers, SkipEvery = skipEvery };
        using var model = new Model.RedNet(config);
        long counted = model.parameters().Sum(p => p.numel());
        // conv1: 1·64·9 + 64; 2(n−1) hidden layers of 64·64·9 + 64; last deconv: 64·9 + 1.
        long expected = 640 + 2L * (layers - 1) * (64 * 64 * 9 + 64) + 577;
        Assert.Equal(expected, counted);
        Assert.Equal(expected, config.ParameterCount);
    }

    [Fact]
    public void Paper_factories_have_the_paper_depths()
    {
        Assert.Equal(("RED10", 0), (RedNetConfig.Red10.Name, RedNetConfig.Red10.SkipEvery));
        Assert.Equal(("RED20", 2), (RedNetConfig.Red20.Name, RedNetConfig.Red20.SkipEvery));
        Assert.Equal(("RED30", 2), (RedNetConfig.Red30.Name, RedNetConfig.Red30.SkipEvery));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(4)]
    [InlineData(1)]
    public void Zero_last_layer_returns_the_input_exactly(int layers)
    {
        using var model = new Model.RedNet(new RedNetConfig { Layers = layers, Features = 16 });
        using (no_grad())
        {
            var (w, b) = Model.RedNet.WeightAndBias(model.Decoder[^1]);
            w.zero_();
            b.zero_();
        }
        manual_seed(3);
        var x = rand(2, 1, 19, 23);
        using var _ = no_grad();
        var y = model.forward(x);
        Assert.Equal(new long[] { 2, 1, 19, 23 }, y.shape);
        Assert.True(y.equal(x).all().item<bool>(), "output differs from input");
    }

    [Theory]
    [InlineData(5, 2)]  // RED10 + skips: conv 2 → deconv 3, conv 4 → deconv 1
    [InlineData(7, 2)]  // conv 2 → deconv 5, conv 4 → deconv 3, conv 6 → deconv 1
    [InlineData(7, 4)]
    public void Cutting_a_skip_changes_exactly_its_mirror_layer_and_those_after(int layers, int skipEvery)
    {
        manual_seed(5);
        var config = new RedNetConfig { Layers = layers, Features = 8, SkipEvery = skipEvery };
        using var model = new Model.RedNet(config);
        using var _ = no_grad();
        var x = rand(1, 1, 12, 12);
        for (int from = skipEvery; from < layers; from += skipEvery)
        {
            var full = new List<Tensor>();
            var cut = new List<Tensor>();
            model.Forward(x, null, full);
            model.Forward(x, new HashSet<int> { from }, cut);
            int mirror = config.MirrorOf(from); // deconv layer receiving the skip, 1-based
            int firstChanged = layers + mirror - 1; // index in the activation list: n conv outputs, then deconv outputs
            for (int k = 0; k < full.Count; k++)
            {
                bool same = full[k].equal(cut[k]).all().item<bool>();
                if (k < firstChanged) Assert.True(same, $"skip from conv {from}: layer output {k} changed before deconv {mirror}");
                else Assert.False(same, $"skip from conv {from}: layer output {k} did not change at/after deconv {mirror}");
            }
        }
    }

    [Fact]
    public void Convolution_and_transposed_decoders_compute_the_same_function()
    {
        manual_seed(11);
        using var transposed = new Model.RedNet(new RedNetConfig { Layers = 3, Features = 8, Decoder = DecoderForm.TransposedConvolution });
        using var conv = new Model.RedNet(new RedNetConfig { Layers = 3, Features = 8, Decoder = DecoderForm.Convolution });
        using (no_grad())
        {
            for (int i = 0; i < 3; i++)
            {
                var (we, be) = Model.RedNet.WeightAndBias(transposed.Encoder[i]);
                var (ce, cb) = Model.RedNet.WeightAndBias(conv.Encoder[i]);
                ce.copy_(we);
                cb.copy_(be);
                var (wt, bt) = Model.RedNet.WeightAndBias(transposed.Decoder[i]);
                nn.init.normal_(wt, 0, 0.1);
                var (cw, cbias) = Model.RedNet.WeightAndBias(conv.Decoder[i]);
                // ConvTranspose [in,out,k,k] → Conv [out,in,k,k] with both spatial axes flipped.
                cw.copy_(wt.transpose(0, 1).flip(2, 3));
                cbias.copy_(bt);
            }
        }
        var x = rand(1, 1, 17, 13);
        using var _ = no_grad();
        double diff = (transposed.forward(x) - conv.forward(x)).abs().max().item<float>();
        Assert.True(diff < 1e-5, $"max difference {diff}");
    }

    [Fact]
    public void Residual_is_what_the_forward_pass_adds_to_its_input()
    {
        manual_seed(12);
        using var model = new Model.RedNet(new RedNetConfig { Layers = 3, Features = 8 });
        var x = rand(2, 1, 11, 9);
        using var _ = no_grad();
        var residual = model.Residual(x);
        Assert.Equal(x.shape, residual.shape);
        // The same operations in the same order, then the one addition: bit-identical, and not the input itself.
        Assert.True(model.forward(x).equal(residual + x).all().item<bool>());
        Assert.True(residual.abs().max().item<float>() > 0);
    }
}
