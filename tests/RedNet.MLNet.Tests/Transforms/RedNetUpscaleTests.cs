using Microsoft.ML;
using Microsoft.ML.Transforms.Onnx;
using Microsoft.ML.Data;
using RedNet.MLNet.Evaluation;
using RedNet.MLNet.Imaging;
using RedNet.MLNet.Metrics;
using static RedNet.MLNet.Tests.Transforms.PipelineFixture;

namespace RedNet.MLNet.Tests.Transforms;

public class RedNetUpscaleTests
{
    [Fact]
    public void Pipeline_beats_bicubic_on_the_fixtures()
    {
        var ml = new MLContext(1);
        var data = Paths(ml, HrImages);
        var model = LoadAndDownscale(ml, 2).Append(ml.Transforms.RedNetUpscale()).Fit(data);
        var output = model.Transform(data);
        var metrics = ml.RedNet().Evaluate(output, labelColumnName: "Label", scoreColumnName: "Upscaled", scale: 2);
        Assert.Equal(3, metrics.Count);

        // Bicubic on the same low-resolution images, scored on the same protocol.
        var bicubicPsnr = HrImages.Select(hr => DatasetEvaluation.ScoreOne(hr, 2, new BicubicSuperResolver()).Psnr).ToList();
        for (int i = 0; i < 3; i++)
            Assert.True(metrics.PerRow[i].Psnr > bicubicPsnr[i] + 0.1, $"row {i}: RED-Net {metrics.PerRow[i].Psnr:0.000} dB vs bicubic {bicubicPsnr[i]:0.000} dB");
        Assert.All(metrics.PerRow, r => Assert.InRange(r.Ssim, 0.8, 1.0));
    }

    [Fact]
    public void Stages_chained_one_by_one_equal_RedNetUpscale()
    {
        var ml = new MLContext(1);
        var data = Paths(ml, HrImages[0], HrImages[2]);
        var composed = LoadAndDownscale(ml, 3).Append(ml.Transforms.RedNetUpscale(options: new RedNetUpscaleOptions { Scale = 3 })).Fit(data).Transform(data);
        var staged = LoadAndDownscale(ml, 3)
            .Append(ml.Transforms.ExtractYChannel("Y", "Image"))
            .Append(ml.Transforms.UpscaleBicubic("YBig", "Y", 3))
            .Append(ml.Transforms.ApplyRedNet("YRestored", "YBig", new ApplyRedNetOptions { Scale = 3 }))
            .Append(ml.Transforms.MergeYChannel("Upscaled", "YRestored", "Image"))
            .Fit(data).Transform(data);
        Assert.Equal(Pixels(composed, "Upscaled"), Pixels(staged, "Upscaled"));
        var a = ml.RedNet().Evaluate(composed, "Label", "Upscaled", 3);
        var b = ml.RedNet().Evaluate(staged, "Label", "Upscaled", 3);
        Assert.Equal(a.Psnr, b.Psnr);
        Assert.Equal(a.Ssim, b.Ssim);
    }

    [Fact]
    public void Saved_pipeline_reloads_in_a_fresh_context_with_bit_identical_output()
    {
        var ml = new MLContext(1);
        var data = Paths(ml, HrImages);
        var model = LoadAndDownscale(ml, 2).Append(ml.Transforms.RedNetUpscale()).Append(ml.Transforms.ComputePsnr("Psnr", "Label", "Upscaled", 2)).Fit(data);
        var before = model.Transform(data);
        var path = Path.Combine(TestPaths.NewTempDirectory(), "pipeline.zip");
        ml.Model.Save(model, data.Schema, path);
        Assert.True(new FileInfo(path).Length > 1_000_000, "the ONNX model bytes should be inside the zip");

        var fresh = new MLContext(2);
        var loaded = fresh.RedNet().LoadModel(path, out var schema);
        Assert.NotNull(schema.GetColumnOrNull("Path"));
        var after = loaded.Transform(Paths(fresh, HrImages));
        Assert.Equal(Pixels(before, "Upscaled"), Pixels(after, "Upscaled"));
        Assert.Equal(before.GetColumn<float>("Psnr").ToArray(), after.GetColumn<float>("Psnr").ToArray());
    }

    [Fact]
    public void Loading_leaves_the_contexts_onnx_session_options_as_they_were()
    {
        // LoadModel gives the loaded ONNX stage RedNet's thread count when the context has no ONNX session options, for the
        // load only; options a user set are the ones the load takes and are kept.
        var ml = new MLContext(1);
        var data = Paths(ml, HrImages.Take(1).ToArray());
        var model = LoadAndDownscale(ml, 2).Append(ml.Transforms.RedNetUpscale()).Fit(data);
        var path = Path.Combine(TestPaths.NewTempDirectory(), "pipeline.zip");
        ml.Model.Save(model, data.Schema, path);

        var plain = new MLContext(2);
        plain.RedNet().LoadModel(path, out _);
        Assert.Null(plain.GetOnnxSessionOption());

        var own = new MLContext(3);
        var options = new OnnxSessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        own.SetOnnxSessionOption(options);
        var loaded = own.RedNet().LoadModel(path, out _);
        Assert.Same(options, own.GetOnnxSessionOption());
        Assert.Equal(Pixels(model.Transform(data), "Upscaled"), Pixels(loaded.Transform(Paths(own, HrImages.Take(1).ToArray())), "Upscaled"));
    }

    [Fact]
    public void Evaluate_scores_like_rednet_eval_including_single_channel_files()
    {
        // HrImages[2] is Set14's bridge, a single-channel PNG: the protocol scores its grey level, not rgb2ycbcr of it.
        var ml = new MLContext(1);
        var data = Paths(ml, HrImages);
        var output = LoadAndDownscale(ml, 2).Append(ml.Transforms.RedNetUpscale()).Fit(data).Transform(data);
        var metrics = ml.RedNet().Evaluate(output, "Label", "Upscaled", 2);
        using var resolver = new PipelineSuperResolver(ml, new RedNetUpscaleOptions { Scale = 2 });
        for (int i = 0; i < HrImages.Length; i++)
        {
            var cli = DatasetEvaluation.ScoreOne(HrImages[i], 2, resolver);
            Assert.Equal(cli.Psnr, metrics.PerRow[i].Psnr, 9);
            Assert.Equal(cli.Ssim, metrics.PerRow[i].Ssim, 9);
        }
    }

    [Fact]
    public void ComputePsnr_column_equals_the_evaluator_per_row()
    {
        var ml = new MLContext(1);
        var data = Paths(ml, HrImages);
        var output = LoadAndDownscale(ml, 2).Append(ml.Transforms.RedNetUpscale()).Append(ml.Transforms.ComputePsnr("Psnr", "Label", "Upscaled", 2))
            .Fit(data).Transform(data);
        var column = output.GetColumn<float>("Psnr").ToArray();
        var metrics = ml.RedNet().Evaluate(output, "Label", "Upscaled", 2);
        for (int i = 0; i < column.Length; i++) Assert.Equal(metrics.PerRow[i].Psnr, column[i], 3);
    }

    [Fact]
    public void Scale_the_model_was_not_trained_for_is_rejected_at_Fit()
    {
        var ml = new MLContext(1);
        var data = Paths(ml, HrImages[0]);
        var embedded = LoadAndDownscale(ml, 2).Append(ml.Transforms.RedNetUpscale(options: new RedNetUpscaleOptions { Scale = 5 }));
        Assert.Contains("x5", Assert.Throws<ArgumentOutOfRangeException>(() => embedded.Fit(data)).Message);

        // A model file trained for x2 only, asked for x3.
        var x2Only = Path.Combine(TestPaths.NewTempDirectory(), "x2.onnx");
        File.WriteAllBytes(x2Only, RedNet.MLNet.Onnx.RedNetOnnxWriter.Write(RedNet.MLNet.Onnx.RedNetModelSource.Default.Weights, RedNet.MLNet.Onnx.RedNetOnnxLayout.Nchw,
            new Dictionary<string, string> { [RedNet.MLNet.Onnx.RedNetOnnxMetadata.Scales] = "2" }));
        var fromFile = LoadAndDownscale(ml, 3).Append(ml.Transforms.RedNetUpscale(options: new RedNetUpscaleOptions { Scale = 3, ModelPath = x2Only }));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => fromFile.Fit(data));
        Assert.Contains("Scale = 3", e.Message);
        Assert.Contains("trained for x2", e.Message);
    }

    [Fact]
    public void CpuThreads_changes_how_it_runs_not_what_it_computes_and_must_be_positive()
    {
        var ml = new MLContext(1);
        var data = Paths(ml, HrImages[0]);
        byte[] Upscaled(int? threads) => Pixels(LoadAndDownscale(ml, 2)
            .Append(ml.Transforms.RedNetUpscale(options: new RedNetUpscaleOptions { CpuThreads = threads })).Fit(data).Transform(data), "Upscaled").Single();
        var own = Upscaled(null);
        var one = Upscaled(1);
        Assert.Equal(own.Length, one.Length);
        // ONNX Runtime's CPU convolutions split work by output, so the thread count should not change a single sum.
        Assert.True(own.Zip(one).Max(p => Math.Abs(p.First - p.Second)) <= 1, "one thread and ONNX Runtime's default differ by more than one 8-bit level");

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LoadAndDownscale(ml, 2)
            .Append(ml.Transforms.RedNetUpscale(options: new RedNetUpscaleOptions { CpuThreads = 0 })).Fit(data));
        Assert.Contains("CpuThreads must be 1 or more", e.Message);
    }

    [Fact]
    public void A_model_file_that_is_not_a_rednet_model_is_rejected_at_Fit()
    {
        var ml = new MLContext(1);
        var data = Paths(ml, HrImages[0]);
        var junk = Path.Combine(TestPaths.NewTempDirectory(), "junk.onnx");
        File.WriteAllText(junk, "not an onnx model");
        var e = Assert.Throws<ArgumentException>(() => LoadAndDownscale(ml, 2).Append(ml.Transforms.RedNetUpscale(options: new RedNetUpscaleOptions { ModelPath = junk })).Fit(data));
        Assert.Contains(junk, e.Message);
        var missing = Path.Combine(TestPaths.NewTempDirectory(), "missing.onnx");
        var e2 = Assert.Throws<ArgumentException>(() => LoadAndDownscale(ml, 2).Append(ml.Transforms.RedNetUpscale(options: new RedNetUpscaleOptions { ModelPath = missing })).Fit(data));
        Assert.Contains(missing, e2.Message);
    }

    [Fact]
    public void A_non_image_input_column_is_a_schema_error_naming_it()
    {
        var ml = new MLContext(1);
        var data = Paths(ml, HrImages[0]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.RedNetUpscale("Upscaled", "Path").Fit(data));
        Assert.Contains("Schema mismatch for input column 'Path'", e.Message);
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.RedNetUpscale("Upscaled", "Nope").Fit(data));
        Assert.Contains("Could not find input column 'Nope'", e2.Message);
    }

    [Fact]
    public void A_row_whose_image_is_corrupt_fails_naming_the_file()
    {
        var ml = new MLContext(1);
        var dir = TestPaths.NewTempDirectory();
        var bad = Path.Combine(dir, "broken.png");
        File.WriteAllText(bad, "this is not a png");
        var data = Paths(ml, HrImages[0], bad);
        var model = LoadAndDownscale(ml, 2).Append(ml.Transforms.RedNetUpscale()).Fit(data);
        var e = Assert.Throws<RowDataException>(() => Pixels(model.Transform(data), "Upscaled"));
        Assert.Contains("Row 1", e.Message);
        Assert.Contains("broken.png", e.Message);
    }
}
