using Microsoft.ML;
using Microsoft.ML.Data;
using RedNet.MLNet.Imaging;
using RedNet.MLNet.Onnx;

namespace RedNet.MLNet.Tests.Transforms;

public class TilingTests
{
    private sealed class PlaneRow
    {
        [VectorType]
        public float[] Y { get; set; } = Array.Empty<float>();
    }

    private static float[] Run(MLContext ml, Plane plane, ApplyRedNetOptions options)
    {
        var data = ml.Data.LoadFromEnumerable(new[] { new PlaneRow { Y = PlaneVector.FromPlane(plane) } });
        var output = ml.Transforms.ApplyRedNet("Restored", "Y", options).Fit(data).Transform(data);
        return output.GetColumn<VBuffer<float>>("Restored").Single().DenseValues().ToArray();
    }

    private static Plane Texture(int w, int h)
    {
        var rng = new Random(3);
        var p = new Plane(w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                p[x, y] = (float)(0.5 + 0.3 * Math.Sin(0.3 * x) * Math.Cos(0.17 * y) + 0.1 * rng.NextDouble());
        return p;
    }

    [Theory]
    [InlineData(32)]
    [InlineData(45)]
    [InlineData(100)]
    public void Tiled_output_equals_untiled_output(int tileSize)
    {
        var ml = new MLContext(1);
        var plane = Texture(131, 97);
        var untiled = Run(ml, plane, new ApplyRedNetOptions { TileSize = 4096 });
        var tiled = Run(ml, plane, new ApplyRedNetOptions { TileSize = tileSize });
        Assert.Equal(untiled.Length, tiled.Length);
        Assert.Equal(new[] { 97f, 131f }, tiled[..2]);
        double maxDiff = untiled.Zip(tiled, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff <= 1e-5, $"tile {tileSize}: max |diff| {maxDiff}");
    }

    [Fact]
    public void Untiled_graph_matches_the_plain_exported_model()
    {
        // The tiled graph with one tile must compute what the model's own nchw graph computes.
        var ml = new MLContext(1);
        var plane = Texture(60, 44);
        var viaMlNet = Run(ml, plane, new ApplyRedNetOptions());
        var model = RedNetModelSource.Default;
        var nchw = RedNetOnnxWriter.Write(model.Weights, RedNetOnnxLayout.Nchw);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(nchw);
        var input = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(plane.Data, new[] { 1, 1, 44, 60 });
        using var results = session.Run(new[] { Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor("input", input) });
        var direct = results.Single().AsEnumerable<float>().ToArray();
        double maxDiff = direct.Zip(viaMlNet[PlaneVector.HeaderLength..], (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff <= 1e-5, $"max |diff| {maxDiff}");
    }

    [Fact]
    public void Self_ensemble_stays_close_to_the_single_pass()
    {
        var ml = new MLContext(1);
        var plane = Texture(50, 40);
        var single = Run(ml, plane, new ApplyRedNetOptions());
        var ensemble = Run(ml, plane, new ApplyRedNetOptions { SelfEnsemble = true, TileSize = 24 });
        double meanDiff = single.Zip(ensemble, (a, b) => Math.Abs(a - b)).Skip(2).Average();
        Assert.True(meanDiff > 0, "self-ensemble changed nothing");
        Assert.True(meanDiff < 0.02, $"mean |diff| {meanDiff}");
    }
}
