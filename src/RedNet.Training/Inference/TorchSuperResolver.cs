using RedNet.MLNet.Evaluation;
using RedNet.MLNet.Imaging;
using static TorchSharp.torch;

namespace RedNet.Training.Inference;

/// <summary>Runs a TorchSharp RED-Net through the colour pipeline of <see cref="LumaSuperResolution"/> (used for validation).</summary>
public sealed class TorchSuperResolver(RedNet.Training.Model.RedNet model) : ISuperResolver
{
    public string Name => "rednet";

    public RgbImage Upscale(RgbImage lowResolution, int scale) => LumaSuperResolution.Upscale(lowResolution, scale, Refine);

    /// <summary>One forward pass on a 0–1 plane.</summary>
    public Plane Refine(Plane input)
    {
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var x = tensor(input.Data, new long[] { 1, 1, input.Height, input.Width });
            var y = model.forward(x);
            return new Plane(input.Width, input.Height, y.data<float>().ToArray());
        }
        finally
        {
            if (wasTraining) model.train();
        }
    }
}
