using RedNet.MLNet.Model;
using RedNet.Training.Training;
using static TorchSharp.torch;

namespace RedNet.Training.Tests;

public class Bf16ForwardBackwardTests
{
    public Bf16ForwardBackwardTests() => TorchSetup.Initialize(1);

    [Fact]
    public void Gradients_agree_with_fp32_to_bf16_precision_and_the_weights_are_not_touched()
    {
        manual_seed(3);
        using var model = new Model.RedNet(new RedNetConfig { Layers = 3, Features = 16 });
        // A trained net's last layer is not near zero: give it weight so every layer's gradient is well above rounding.
        using (no_grad()) model.Decoder[2].parameters().First().normal_(0, 0.05);
        var grid = arange(24f).div(24f);
        var x = (grid.reshape(1, 1, 1, 24) * grid.reshape(1, 1, 24, 1)).expand(2, 1, 24, 24).contiguous();
        var y = x.add(rand(2, 1, 24, 24, generator: new TorchSharp.torch.Generator(5)).mul(0.05f));
        var weightsBefore = model.parameters().Select(p => p.detach().clone()).ToList();

        var fp32Loss = nn.functional.mse_loss(model.forward(x), y);
        fp32Loss.backward();
        var fp32Gradients = model.parameters().Select(p => p.grad!.clone()).ToList();
        model.zero_grad();

        using var bf16 = new Bf16ForwardBackward(model);
        var bf16Loss = bf16.LossAndGradients(x, y, activations: null);

        Assert.Equal(ScalarType.Float32, bf16Loss.dtype);
        Assert.Equal(fp32Loss.item<float>(), bf16Loss.item<float>(), fp32Loss.item<float>() * 0.02);
        var parameters = model.parameters().ToList();
        for (int i = 0; i < parameters.Count; i++)
        {
            Assert.Equal(ScalarType.Float32, parameters[i].grad!.dtype);
            Assert.True(parameters[i].allclose(weightsBefore[i], rtol: 0, atol: 0), $"parameter {i} changed: only the optimizer may move the weights");
            // bf16 keeps 8 significant bits (0.4 %); summed over a layer the gradient's relative error stays a few percent.
            double error = (parameters[i].grad! - fp32Gradients[i]).norm().item<float>() / fp32Gradients[i].norm().item<float>();
            Assert.True(error < 0.05, $"parameter {i}: bf16 gradient differs from fp32 by {error:P1} of its norm");
        }
    }

    [Fact]
    public void The_fp32_weights_and_their_gradients_keep_the_plain_layout_while_the_bf16_copy_runs_channels_last()
    {
        manual_seed(4);
        using var model = new Model.RedNet(new RedNetConfig { Layers = 4, Features = 16 });
        var x = rand(2, 1, 20, 20);
        var y = rand(2, 1, 20, 20);
        using var bf16 = new Bf16ForwardBackward(model);

        // First call: the fp32 weights have no gradients yet, so they are created; second call: copied into them.
        var first = bf16.LossAndGradients(x, y, activations: null).item<float>();
        var firstGradients = model.parameters().Select(p => p.grad!.clone()).ToList();
        var second = bf16.LossAndGradients(x, y, activations: null).item<float>();

        Assert.Equal(first, second);
        var parameters = model.parameters().ToList();
        for (int i = 0; i < parameters.Count; i++)
        {
            Assert.True(parameters[i].is_contiguous(), $"parameter {i} lost its layout");
            Assert.True(parameters[i].grad!.is_contiguous(), $"gradient {i} is not in the weights' plain layout");
            Assert.True(parameters[i].grad!.allclose(firstGradients[i], rtol: 0, atol: 0), $"gradient {i} differs between two identical calls");
        }
    }
}
