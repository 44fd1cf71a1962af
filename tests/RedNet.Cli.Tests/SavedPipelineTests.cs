using Microsoft.ML;
using Microsoft.ML.Data;
using RedNet.MLNet;
using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Tests;

/// <summary>A pipeline saved here is loaded by another process (`rednet apply`) and gives bit-identical images.</summary>
public class SavedPipelineTests
{
    public sealed class PathRow
    {
        public string Path { get; set; } = "";
    }

    [Fact]
    public void A_saved_pipeline_runs_in_a_fresh_process_with_identical_output()
    {
        var dir = TestPaths.NewTempDirectory();
        var images = new[]
        {
            Path.Combine(TestPaths.Fixtures, "matlab-bicubic", "Set5", "x2", "LR", "img_004.png"),
            Path.Combine(TestPaths.Fixtures, "matlab-bicubic", "Set14", "x4", "LR", "img_003.png"),
        };
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(images.Select(p => new PathRow { Path = p }).ToList());
        var model = ml.Transforms.LoadImages("Image", null, "Path").Append(ml.Transforms.RedNetUpscale()).Fit(data);
        string zip = Path.Combine(dir, "upscaler.zip");
        ml.Model.Save(model, data.Schema, zip);

        var expected = new List<byte[]>();
        var output = model.Transform(data);
        using (var cursor = output.GetRowCursor(new[] { output.Schema["Upscaled"] }))
        {
            var getter = cursor.GetGetter<MLImage>(output.Schema["Upscaled"]);
            MLImage image = null!;
            while (cursor.MoveNext())
            {
                getter(ref image);
                expected.Add(image.ToRgbImage().Pixels);
            }
        }

        // Asked for a CUDA device it cannot use (this CPU-flavour build has no CUDA provider), it says why and runs on CPU.
        var result = CliRunner.Run("apply", "--pipeline", zip, images[0], images[1], "-o", Path.Combine(dir, "out"), "--gpu", "0", "--verbose");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var log = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(log, l => l.StartsWith("RedNet: CUDA device 0 is not usable (this build carries the CPU package of ONNX Runtime", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("rednet: ONNX Runtime ", StringComparison.Ordinal) && l.Contains("the network runs on CPU (CPUExecutionProvider; CUDA device 0 is not usable"));
        var written = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, written.Length);
        for (int i = 0; i < 2; i++)
            Assert.Equal(expected[i], ImageCodec.Decode(written[i].Trim()).Pixels);
    }

    [Fact]
    public void A_file_that_is_not_a_pipeline_is_a_usage_error_naming_it()
    {
        var dir = TestPaths.NewTempDirectory();
        string bogus = Path.Combine(dir, "bogus.zip");
        File.WriteAllText(bogus, "not a zip");
        var result = CliRunner.Run("apply", "--pipeline", bogus, "x.png", "-o", dir);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bogus.zip", result.Stderr);
    }
}
