using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using RedNet.MLNet.Imaging;
using RedNet.MLNet.Onnx;
using RedNet.MLNet.Quantization;

namespace RedNet.MLNet.Tests.Quantization;

/// <summary>Issue 12 (int8): the QDQ model runs, stays close to fp32, survives its file, and the option checks its input.</summary>
public class Int8ModelTests
{
    // Generated stand-ins for training images: smooth structure plus noise (never an evaluation set).
    private static Plane Texture(int w, int h, int seed)
    {
        var rng = new Random(seed);
        var p = new Plane(w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                p[x, y] = (float)Math.Clamp(0.5 + 0.3 * Math.Sin(0.3 * x + seed) * Math.Cos(0.17 * y) + 0.1 * rng.NextDouble(), 0, 1);
        return p;
    }

    private static readonly Lazy<Int8Calibration> Calibration = new(() =>
        Int8Calibrator.Calibrate(RedNetModelSource.Default.Weights, Enumerable.Range(0, 8).Select(i => Texture(32, 32, i)).ToList(), 8, "generated textures"));

    private static float[] RunPlain(byte[] model, Plane plane, string? optimisedPath = null)
    {
        using var options = new SessionOptions();
        if (optimisedPath is not null) options.OptimizedModelFilePath = optimisedPath;
        using var session = new InferenceSession(model, options);
        var input = new DenseTensor<float>(plane.Data, new[] { 1, 1, plane.Height, plane.Width });
        using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("input", input) });
        return results.First().AsEnumerable<float>().ToArray();
    }

    [Fact]
    public void The_int8_network_runs_on_int8_kernels_and_stays_within_a_hundredth_of_fp32()
    {
        var weights = RedNetModelSource.Default.Weights;
        var plane = Texture(48, 40, 99);
        string optimised = Path.Combine(TestPaths.NewTempDirectory(), "int8-optimised.onnx");
        var fp32 = RunPlain(RedNetOnnxWriter.Write(weights, RedNetOnnxLayout.Nchw), plane);
        var int8 = RunPlain(RedNetOnnxWriter.Write(weights, RedNetOnnxLayout.Nchw, null, Calibration.Value), plane, optimised);

        var diffs = fp32.Zip(int8, (a, b) => Math.Abs(a - b)).ToArray();
        // Quantization changes the output (else it did not happen), but by far less than the network's own correction.
        Assert.True(diffs.Max() > 0, "the int8 output equals fp32 to the bit: nothing was quantized");
        Assert.True(diffs.Max() < 0.01, $"max |int8 - fp32| = {diffs.Max()}");
        Assert.True(diffs.Average() < 0.002, $"mean |int8 - fp32| = {diffs.Average()}");
        // ONNX Runtime fused the QDQ pairs into int8 convolutions: all but the first and last layer.
        var ops = ModelProto.Parser.ParseFrom(File.ReadAllBytes(optimised)).Graph.Node.Select(n => n.OpType).ToList();
        Assert.Equal(2 * weights.Config.Layers - 2, ops.Count(op => op == "QLinearConv"));
    }

    [Fact]
    public void An_int8_model_file_reads_back_to_the_same_int8_network()
    {
        var weights = RedNetModelSource.Default.Weights;
        var bytes = RedNetOnnxWriter.Write(weights, RedNetOnnxLayout.Nchw, new Dictionary<string, string> { [RedNetOnnxMetadata.Scales] = "2" }, Calibration.Value);
        var model = RedNetOnnxReader.Read(bytes, "int8.onnx");

        Assert.NotNull(model.Int8);
        Assert.Equal(Calibration.Value.Ranges.OrderBy(kv => kv.Key), model.Int8!.Ranges.OrderBy(kv => kv.Key));
        Assert.Equal("generated textures", model.Int8.Source);
        // The weights read back are the int8 grid's values: within half a step of the float ones...
        var original = weights.Encoder[1].Weight;
        var readBack = model.Weights.Encoder[1].Weight;
        float step = original.Max(Math.Abs) / 127;
        Assert.True(original.Zip(readBack, (a, b) => Math.Abs(a - b)).Max() <= step / 2 * 1.001f);
        // ...and quantized again they give the same network, to the bit.
        var plane = Texture(24, 20, 5);
        var again = RedNetOnnxWriter.Write(model.Weights, RedNetOnnxLayout.Nchw, null, model.Int8);
        Assert.Equal(RunPlain(bytes, plane), RunPlain(again, plane));
    }

    [Fact]
    public void Tiled_int8_output_equals_untiled_int8_output()
    {
        var weights = RedNetModelSource.Default.Weights;
        var plane = Texture(70, 52, 7);
        var untiled = RunPlain(RedNetOnnxWriter.Write(weights, RedNetOnnxLayout.Nchw, null, Calibration.Value), plane);
        var graph = RedNetInferenceGraph.Build(weights, "y", "out", new InferenceGraphOptions(32, 20, false) { Int8 = Calibration.Value });
        using var session = new InferenceSession(graph);
        var vector = PlaneVector.FromPlane(plane);
        using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("y", new DenseTensor<float>(vector, new[] { 1, vector.Length })) });
        var tiled = results.First().AsEnumerable<float>().Skip(PlaneVector.HeaderLength).ToArray();
        double maxDiff = untiled.Zip(tiled, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff <= 1e-5, $"max |tiled - untiled| = {maxDiff}");
    }

    private sealed class PlaneRow
    {
        [VectorType]
        public float[] Y { get; set; } = Array.Empty<float>();
    }

    private static string WriteModel(Int8Calibration? int8)
    {
        string path = Path.Combine(TestPaths.NewTempDirectory(), int8 is null ? "fp32.onnx" : "int8.onnx");
        File.WriteAllBytes(path, RedNetOnnxWriter.Write(RedNetModelSource.Default.Weights, RedNetOnnxLayout.Nchw,
            new Dictionary<string, string> { [RedNetOnnxMetadata.Scales] = "2" }, int8));
        return path;
    }

    private static RedNetApplyingTransformer Fit(ApplyRedNetOptions options)
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new PlaneRow { Y = PlaneVector.FromPlane(Texture(20, 16, 1)) } });
        return ml.Transforms.ApplyRedNet("Restored", "Y", options).Fit(data);
    }

    [Fact]
    public void Precision_follows_the_model_unless_set()
    {
        string int8 = WriteModel(Calibration.Value), fp32 = WriteModel(null);
        Assert.Equal(RedNetPrecision.Int8, Fit(new ApplyRedNetOptions { ModelPath = int8 }).Precision);
        Assert.Equal(RedNetPrecision.Fp32, Fit(new ApplyRedNetOptions { ModelPath = int8, Precision = RedNetPrecision.Fp32 }).Precision);
        Assert.Equal(RedNetPrecision.Fp32, Fit(new ApplyRedNetOptions { ModelPath = fp32 }).Precision);
        Assert.Equal(RedNetPrecision.Fp32, Fit(new ApplyRedNetOptions()).Precision);
    }

    [Theory]
    [InlineData(2, "rednet-x2-int8.onnx")]
    [InlineData(3, "rednet-x34-int8.onnx")]
    [InlineData(4, "rednet-x34-int8.onnx")]
    public void Precision_int8_without_a_model_uses_the_embedded_int8_model_while_the_default_stays_fp32(int scale, string file)
    {
        var int8 = Fit(new ApplyRedNetOptions { Scale = scale, Precision = RedNetPrecision.Int8 });
        Assert.Equal(RedNetPrecision.Int8, int8.Precision);
        Assert.Equal($"embedded model {file}", int8.Model.Source);
        Assert.Contains("T91", int8.Model.Int8!.Source);
        var fp32 = Fit(new ApplyRedNetOptions { Scale = scale });
        Assert.Equal(RedNetPrecision.Fp32, fp32.Precision);
        Assert.Null(fp32.Model.Int8);
        // The int8 model was made from the fp32 one: its weights are the fp32 weights on the int8 grid.
        Assert.Equal(fp32.Model.Get(RedNetOnnxMetadata.Iterations), int8.Model.Get(RedNetOnnxMetadata.Iterations));
        var w = fp32.Model.Weights.Encoder[1].Weight;
        Assert.True(w.Zip(int8.Model.Weights.Encoder[1].Weight, (a, b) => Math.Abs(a - b)).Max() <= w.Max(Math.Abs) / 127 / 2 * 1.001f);
    }

    [Fact]
    public void Precision_int8_with_an_uncalibrated_model_is_refused_with_what_to_do()
    {
        string fp32 = WriteModel(null);
        var e = Assert.Throws<ArgumentException>(() => Fit(new ApplyRedNetOptions { ModelPath = fp32, Precision = RedNetPrecision.Int8 }));
        Assert.Equal("Precision", e.ParamName);
        Assert.Contains($"'{fp32}' is fp32 and has no int8 calibration", e.Message);
        Assert.Contains("rednet-train export MODEL.onnx --int8 --calibration DIR", e.Message);
    }

    [Fact]
    public void An_undefined_precision_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Fit(new ApplyRedNetOptions { Precision = (RedNetPrecision)7 }));
        Assert.Equal("Precision", e.ParamName);
    }

    [Fact]
    public void Damaged_int8_metadata_is_a_format_error_naming_the_file()
    {
        // A file whose stored ranges lost one point (the writer itself refuses such a calibration).
        var model = RedNetOnnxWriter.CreateModel(RedNetModelSource.Default.Weights, RedNetOnnxLayout.Nchw, null, Calibration.Value);
        var entry = model.MetadataProps.Single(p => p.Key == Int8Calibration.RangesKey);
        entry.Value = string.Join(";", entry.Value.Split(';').Where(r => !r.StartsWith(ActivationPoints.DecoderOutput(0) + "=", StringComparison.Ordinal)));
        var e = Assert.Throws<FormatException>(() => RedNetOnnxReader.Read(Google.Protobuf.MessageExtensions.ToByteArray(model), "damaged.onnx"));
        Assert.Equal("'damaged.onnx': the int8 calibration has no range for 'decoder.0.output'.", e.Message);
    }

    [Fact]
    public void Calibration_refuses_no_input_and_reports_ranges_that_start_at_zero_after_relu()
    {
        Assert.Throws<ArgumentException>(() => Int8Calibrator.Calibrate(RedNetModelSource.Default.Weights, Array.Empty<Plane>(), 8, "nothing"));
        var c = Calibration.Value;
        Assert.Equal(ActivationPoints.Of(RedNetModelSource.Default.Weights.Config).Order(), c.Ranges.Keys.Order());
        foreach (var (point, range) in c.Ranges)
        {
            Assert.True(range.Max > 0, $"{point}: {range}");
            if (ActivationPoints.FollowsRelu(point)) Assert.Equal(0, range.ZeroPoint);
        }
    }
}
