using RedNet.MLNet.Model;
using RedNet.Training.Training;
using static TorchSharp.torch;

namespace RedNet.Training.Tests;

public class WeightAverageTests
{
    public WeightAverageTests() => TorchSetup.Initialize(1);

    [Fact]
    public void Each_update_moves_the_average_by_one_minus_decay_towards_the_weights()
    {
        manual_seed(11);
        using var model = new Model.RedNet(new RedNetConfig { Layers = 2, Features = 16 });
        var w0 = model.parameters().Select(p => p.detach().clone()).ToList();
        using var average = new WeightAverage(model);
        Assert.All(average.Model.parameters().Zip(w0), pair => Assert.True(pair.First.allclose(pair.Second, rtol: 0, atol: 0)));

        using (no_grad()) foreach (var p in model.parameters()) p.add_(1f);
        average.Update(model, 0.75);
        average.Update(model, 0.75);
        // Two steps towards w0 + 1: the average is w0 + (1 − 0.75²) = w0 + 0.4375, and the weights themselves are untouched.
        var averaged = average.Model.parameters().ToList();
        var weights = model.parameters().ToList();
        for (int i = 0; i < w0.Count; i++)
        {
            Assert.True(averaged[i].allclose(w0[i] + 0.4375f, rtol: 0, atol: 1e-6), $"parameter {i}");
            Assert.True(weights[i].allclose(w0[i] + 1f, rtol: 0, atol: 0), $"parameter {i} of the trained net changed");
        }
        Assert.All(averaged, p => Assert.False(p.requires_grad));
    }
}
