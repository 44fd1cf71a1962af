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

    // One of the 8 symmetries of the square: bit 0 mirrors x, bit 1 mirrors y, bit 2 transposes (applied in that order).
    private static Plane Transform(Plane p, int t)
    {
        bool mirrorX = (t & 1) != 0, mirrorY = (t & 2) != 0, transpose = (t & 4) != 0;
        var q = new Plane(transpose ? p.Height : p.Width, transpose ? p.Width : p.Height);
        for (int y = 0; y < p.Height; y++)
            for (int x = 0; x < p.Width; x++)
            {
                int sx = mirrorX ? p.Width - 1 - x : x, sy = mirrorY ? p.Height - 1 - y : y;
                if (transpose) q[y, x] = p[sx, sy];
                else q[x, y] = p[sx, sy];
            }
        return q;
    }

    // The inverse of Transform(·, t): transpose back first, then undo the mirrors.
    private static Plane Inverse(Plane p, int t)
    {
        bool transpose = (t & 4) != 0;
        var untransposed = transpose ? Transform(p, 4) : p;
        return Transform(untransposed, t & 3);
    }

    [Fact]
    public void Self_ensemble_is_exactly_the_mean_of_the_eight_transformed_single_passes()
    {
        var ml = new MLContext(1);
        var plane = Texture(50, 40);
        var ensemble = PlaneVector.ToPlane(Run(ml, plane, new ApplyRedNetOptions { SelfEnsemble = true, TileSize = 24 }));
        var mean = new double[plane.Data.Length];
        for (int t = 0; t < 8; t++)
        {
            var view = Inverse(PlaneVector.ToPlane(Run(ml, Transform(plane, t), new ApplyRedNetOptions())), t);
            Assert.Equal((plane.Width, plane.Height), (view.Width, view.Height));
            for (int i = 0; i < mean.Length; i++) mean[i] += view.Data[i] / 8.0;
        }
        double maxDiff = mean.Zip(ensemble.Data, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff <= 1e-5, $"self-ensemble differs from the mean of the 8 views by up to {maxDiff}");
        // Leaving one view out moves the mean by ~|view − mean|/8, far above float rounding: the test sees a missing view.
        var single = PlaneVector.ToPlane(Run(ml, plane, new ApplyRedNetOptions()));
        double sevenViewsGap = mean.Zip(single.Data, (m, v) => Math.Abs((m * 8 - v) / 7 - m)).Max();
        Assert.True(sevenViewsGap > 1e-4, $"the 8 views are too alike for this test to tell 7 from 8 ({sevenViewsGap})");
    }

    [SkippableFact]
    public void Tiles_run_on_the_same_fast_convolutions_as_the_plain_network()
    {
        // ONNX Runtime rewrites Conv nodes into its NCHWc kernels (1.3–1.4× faster here) only when their weights are
        // initializers of their own graph; the tiled graph keeps the weights inside its Loop body for that reason. The
        // optimised graphs ONNX Runtime writes out show which kernels will run: the tile body must get whatever the plain
        // network gets on this CPU (none on a CPU without AVX2, where MLAS has no NCHWc block size).
        var weights = RedNetModelSource.Default.Weights;
        int plain = NchwcConvolutions(RedNetOnnxWriter.Write(weights, RedNetOnnxLayout.Nchw));
        Skip.If(plain == 0, "ONNX Runtime uses no NCHWc convolutions on this CPU, not even for the plain network.");
        var tiled = RedNetInferenceGraph.Build(weights, "y", "out", new InferenceGraphOptions(64, 20, SelfEnsemble: false));
        Assert.Equal(plain, NchwcConvolutions(tiled));
        // The strip upscaler's per-tile graph (RedNetTileGraph) must get them too.
        Assert.Equal(plain, NchwcConvolutions(RedNetTileGraph.Build(weights, new InferenceGraphOptions(64, 10, SelfEnsemble: false))));
    }

    private static int NchwcConvolutions(byte[] model)
    {
        string path = Path.Combine(TestPaths.NewTempDirectory(), "optimised.onnx");
        using (var options = new Microsoft.ML.OnnxRuntime.SessionOptions { OptimizedModelFilePath = path })
        using (new Microsoft.ML.OnnxRuntime.InferenceSession(model, options)) { }
        return Count(global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph);

        static int Count(global::Onnx.GraphProto graph) => graph.Node.Sum(n =>
            (n.OpType == "Conv" && n.Domain == "com.microsoft.nchwc" ? 1 : 0) + n.Attribute.Where(a => a.G is not null).Sum(a => Count(a.G)));
    }
}
