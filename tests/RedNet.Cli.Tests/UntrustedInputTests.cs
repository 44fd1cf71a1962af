using System.Diagnostics;
using Microsoft.ML;
using RedNet.MLNet;
using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Tests;

/// <summary>Issue 14: `upscale` and `apply` with bad and unusual inputs: one error line each, naming the file; the run goes on.</summary>
public class UntrustedInputTests
{
    private static List<string> Errors(CliRunner.Result result) => result.Stderr.Split('\n').Where(l => l.StartsWith("error:")).ToList();

    [Fact]
    public void Upscale_refuses_a_png_bomb_from_its_header_fast_and_names_both_sizes()
    {
        var dir = TestPaths.NewTempDirectory();
        string bomb = Path.Combine(dir, "bomb.png");
        File.WriteAllBytes(bomb, BadFiles.PngBomb());
        TestImages.Write(Path.Combine(dir, "ok.png"), 20, 16, seed: 1);

        var clock = Stopwatch.StartNew();
        var result = CliRunner.Run("upscale", bomb, Path.Combine(dir, "ok.png"), "-o", Path.Combine(dir, "out"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"took {clock.Elapsed}");
        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(Errors(result));
        Assert.Equal($"error: '{bomb}': 65535x65535 is 4,294,836,225 pixels, more than --max-pixels (40,000,000); not decoded.", error);
        Assert.True(File.Exists(Path.Combine(dir, "out", "ok_x2.png")));

        // --max-pixels lowers (or raises) the limit; 0 is a usage error.
        var tight = CliRunner.Run("upscale", Path.Combine(dir, "ok.png"), "-o", Path.Combine(dir, "out2"), "--max-pixels", "100");
        Assert.Equal(1, tight.ExitCode);
        Assert.Contains("20x16 is 320 pixels, more than --max-pixels (100)", tight.Stderr);
        Assert.Equal(2, CliRunner.Run("upscale", Path.Combine(dir, "ok.png"), "--max-pixels", "0").ExitCode);
    }

    [SkippableFact]
    public void Upscale_refuses_a_fifo_and_a_link_to_dev_zero_without_reading_them()
    {
        var dir = TestPaths.NewTempDirectory();
        string fifo = Path.Combine(dir, "x.png"), zero = Path.Combine(dir, "zero.png");
        Skip.IfNot(BadFiles.TryMakeFifo(fifo) && File.Exists("/dev/zero"), "no mkfifo or /dev/zero here");
        File.CreateSymbolicLink(zero, "/dev/zero");
        TestImages.Write(Path.Combine(dir, "ok.png"), 16, 16, seed: 2);

        var result = CliRunner.Run(TimeSpan.FromMinutes(2), "upscale", dir, fifo, zero, "-o", Path.Combine(dir, "out"));

        Assert.Equal(1, result.ExitCode);
        var errors = Errors(result);
        Assert.Equal(2, errors.Count);
        Assert.Contains($"error: '{fifo}' is a FIFO (named pipe), not a regular file; refused without opening it.", errors);
        Assert.Contains($"error: '{zero}' is a character device, not a regular file; refused without opening it.", errors);
        Assert.True(File.Exists(Path.Combine(dir, "out", "ok_x2.png")));
    }

    [Fact]
    public void An_unknown_option_or_a_file_name_as_output_folder_is_a_usage_error()
    {
        var dir = TestPaths.NewTempDirectory();
        TestImages.Write(Path.Combine(dir, "a.png"), 12, 10, seed: 3);

        var unknown = CliRunner.Run("upscale", Path.Combine(dir, "a.png"), "--tiles", "256", "-o", Path.Combine(dir, "out"));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown option '--tiles'", unknown.Stderr);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));

        var scale = CliRunner.Run("upscale", Path.Combine(dir, "a.png"), "--scale", "5");
        Assert.Equal(2, scale.ExitCode);
        Assert.Contains("error: No embedded model was trained for x5", scale.Stderr);
        Assert.Contains("pass --model", scale.Stderr);
        Assert.DoesNotContain("(Parameter", scale.Stderr);
        Assert.DoesNotContain("Actual value", scale.Stderr);

        var fileName = CliRunner.Run("upscale", Path.Combine(dir, "a.png"), "-o", Path.Combine(dir, "result.png"));
        Assert.Equal(2, fileName.ExitCode);
        Assert.Contains($"--output '{Path.Combine(dir, "result.png")}' names a file; it must be a folder", fileName.Stderr);
        Assert.False(Directory.Exists(Path.Combine(dir, "result.png")));
    }

    [Fact]
    public void A_folder_gives_its_webp_files_too_but_not_the_outputs_of_an_earlier_run()
    {
        var dir = TestPaths.NewTempDirectory();
        TestImages.Write(Path.Combine(dir, "a.png"), 12, 10, seed: 4);
        using (var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(10, 8, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Opaque)))
        using (var image = SkiaSharp.SKImage.FromBitmap(bitmap))
        using (var webp = image.Encode(SkiaSharp.SKEncodedImageFormat.Webp, 90))
            File.WriteAllBytes(Path.Combine(dir, "b.webp"), webp.ToArray());

        var first = CliRunner.Run("upscale", dir);
        var second = CliRunner.Run("upscale", dir, "--force");

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Equal(new[] { "a.png", "a_x2.png", "b.webp", "b_x2.png" }, Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains($"note: '{Path.Combine(dir, "a_x2.png")}': named like an output of rednet upscale, so not enlarged again", second.Stderr);
        Assert.Equal((24, 20), Size(Path.Combine(dir, "a_x2.png")));
    }

    [Fact]
    public void Upscale_writes_into_a_relative_output_folder_starting_with_a_dot()
    {
        var dir = TestPaths.NewTempDirectory();
        TestImages.Write(Path.Combine(dir, "in", "a.png"), 12, 10, seed: 3);
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.Combine(dir, "in"), RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { CliRunner.ToolPath, "upscale", "a.png", "-o", "../out" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        Assert.Equal((24, 20), Size(Path.Combine(dir, "out", "a_x2.png")));
        // stderr is redirected here: plain progress lines, and the one tile done gives a rate above 0.
        var last = stderr.Split('\n').Last(l => l.StartsWith("upscale x2 1/1 tiles", StringComparison.Ordinal));
        Assert.DoesNotContain(" 0 tiles/s", last);
    }

    [SkippableFact]
    public void Apply_gives_one_error_line_per_bad_input_and_goes_on()
    {
        var dir = TestPaths.NewTempDirectory();
        string zip = SavePipeline(dir);
        string good = Path.Combine(dir, "a", "good.png"), sameName = Path.Combine(dir, "b", "good.png");
        TestImages.Write(good, 20, 16, seed: 4);
        TestImages.Write(sameName, 18, 14, seed: 5);
        string empty = Path.Combine(dir, "empty.png"), text = Path.Combine(dir, "text.jpg"), bomb = Path.Combine(dir, "bomb.png");
        string cut = Path.Combine(dir, "cut.png"), fifo = Path.Combine(dir, "fifo.png");
        File.WriteAllBytes(empty, Array.Empty<byte>());
        File.WriteAllText(text, "not an image");
        File.WriteAllBytes(bomb, BadFiles.PngBomb());
        TestImages.Write(Path.Combine(dir, "whole.png"), 64, 64, seed: 6);
        BadFiles.WriteTruncated(Path.Combine(dir, "whole.png"), cut);
        bool haveFifo = BadFiles.TryMakeFifo(fifo);
        var inputs = new List<string> { good, empty, text, bomb, cut, sameName };
        if (haveFifo) inputs.Add(fifo);
        string output = Path.Combine(dir, "out");

        var result = CliRunner.Run(TimeSpan.FromMinutes(3), new[] { "apply", "--pipeline", zip, "-o", output }.Concat(inputs).ToArray());

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Stderr); // no stack trace
        var errors = Errors(result);
        Assert.Equal(inputs.Count - 1, errors.Count);
        Assert.Contains($"error: '{empty}': the file is empty (0 bytes).", errors);
        Assert.Contains(errors, l => l.StartsWith($"error: '{text}': not a readable image"));
        Assert.Contains(errors, l => l.StartsWith($"error: '{bomb}': 65535x65535 is 4,294,836,225 pixels"));
        Assert.Contains(errors, l => l.StartsWith($"error: '{cut}': the image data is truncated"));
        Assert.Contains(errors, l => l.StartsWith($"error: '{sameName}': its output '{Path.Combine(output, "good_Upscaled.png")}' is already the output of '{good}'"));
        if (haveFifo) Assert.Contains($"error: '{fifo}' is a FIFO (named pipe), not a regular file; refused without opening it.", errors);
        Assert.Equal(new[] { Path.Combine(output, "good_Upscaled.png") }, Directory.GetFiles(output));
        Assert.Equal((40, 32), Size(Path.Combine(output, "good_Upscaled.png")));

        var usage = CliRunner.Run("apply", "--pipeline", zip, "-o", output, good, "--max-pixels", "-1");
        Assert.Equal(2, usage.ExitCode);
        Skip.IfNot(haveFifo, "no mkfifo here: the FIFO input was not tried");
    }

    private static string SavePipeline(string dir)
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new SavedPipelineTests.PathRow { Path = "x.png" } });
        var model = ml.Transforms.LoadImages("Image", null, "Path").Append(ml.Transforms.RedNetUpscale()).Fit(data);
        string zip = Path.Combine(dir, "upscaler.zip");
        ml.Model.Save(model, data.Schema, zip);
        return zip;
    }

    private static (int, int) Size(string path)
    {
        var image = ImageCodec.Decode(path);
        return (image.Width, image.Height);
    }
}

public class BadModelCommandTests
{
    [Fact]
    public void A_model_with_malformed_metadata_or_a_folder_as_model_is_a_usage_error_without_a_stack_trace()
    {
        var dir = TestPaths.NewTempDirectory();
        TestImages.Write(Path.Combine(dir, "a.png"), 12, 12, seed: 1);
        string model = Path.Combine(dir, "bad.onnx");
        File.WriteAllBytes(model, RedNet.MLNet.Onnx.RedNetOnnxWriter.Write(RedNet.MLNet.Onnx.RedNetModelSource.Default.Weights,
            RedNet.MLNet.Onnx.RedNetOnnxLayout.Nchw, new Dictionary<string, string> { [RedNet.MLNet.Onnx.RedNetOnnxMetadata.Scales] = "2,x" }));

        var malformed = CliRunner.Run("upscale", Path.Combine(dir, "a.png"), "--model", model, "-o", Path.Combine(dir, "out"));
        Assert.Equal(2, malformed.ExitCode);
        Assert.DoesNotContain("   at ", malformed.Stderr);
        Assert.Contains($"'{model}': RED-Net metadata 'rednet.scales' is '2,x'", malformed.Stderr);

        var folder = CliRunner.Run("upscale", Path.Combine(dir, "a.png"), "--model", dir, "-o", Path.Combine(dir, "out"));
        Assert.Equal(2, folder.ExitCode);
        Assert.Contains($"RED-Net model '{dir}' is a folder", folder.Stderr);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }
}
