using RedNet.MLNet;
using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Tests;

/// <summary>Issue 14: `upscale` keeps alpha, keeps grey grey, applies EXIF orientation and says what it changed.</summary>
public class ImageKindsCommandTests
{
    [Fact]
    public void Upscale_keeps_alpha_and_grey_applies_orientation_and_warns_about_what_it_cannot_keep()
    {
        var dir = TestPaths.NewTempDirectory();
        // RGBA: left half 50 % grey at alpha 128, right half fully transparent red.
        var rgba = RgbImage.Create(16, 12);
        var alpha = new byte[16 * 12];
        for (int i = 0; i < alpha.Length; i++)
        {
            bool left = i % 16 < 8;
            rgba.Pixels[3 * i] = left ? (byte)128 : (byte)255;
            rgba.Pixels[3 * i + 1] = rgba.Pixels[3 * i + 2] = left ? (byte)128 : (byte)0;
            alpha[i] = left ? (byte)128 : (byte)0;
        }
        File.WriteAllBytes(Path.Combine(dir, "rgba.png"), ImageCodec.Encode(rgba, ".png", alpha));
        var grey = TestImages.Pattern(14, 10, seed: 1);
        var greyPixels = grey.GetChannel(1).SelectMany(v => new[] { v, v, v }).ToArray();
        ImageCodec.Save(new RgbImage(14, 10, greyPixels, sourceIsGrayscale: true), Path.Combine(dir, "grey.png"));
        File.WriteAllBytes(Path.Combine(dir, "turned.jpg"), BadFiles.WithExifOrientation(ImageCodec.Encode(TestImages.Pattern(16, 8, seed: 2), ".jpg"), 6));
        File.WriteAllBytes(Path.Combine(dir, "deep.png"), BadFiles.Png16(10, 10, (x, y, c) => (ushort)(x * 6000 + c * 1000)));
        string output = Path.Combine(dir, "out");

        var result = CliRunner.Run("upscale", Path.Combine(dir, "rgba.png"), Path.Combine(dir, "grey.png"), Path.Combine(dir, "turned.jpg"),
            Path.Combine(dir, "deep.png"), "-o", output);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var enlarged = ImageCodec.DecodeDetailed(Path.Combine(output, "rgba_x2.png"));
        Assert.NotNull(enlarged.Alpha);
        Assert.Equal((32, 24), (enlarged.Image.Width, enlarged.Image.Height));
        Assert.Equal(128, enlarged.Alpha![2 * 32 + 4]);           // inside the half-transparent part
        Assert.Equal(0, enlarged.Alpha[2 * 32 + 28]);             // inside the transparent part
        Assert.InRange(enlarged.Image.Pixels[3 * (2 * 32 + 4)], 118, 138); // grey stays 50 %, not 25 %

        Assert.True(ImageCodec.IsSingleChannelFile(Path.Combine(output, "grey_x2.png")));
        var turned = ImageCodec.DecodeDetailed(Path.Combine(output, "turned_x2.png"));
        Assert.Equal((16, 32), (turned.Image.Width, turned.Image.Height));
        Assert.Contains($"warning: '{Path.Combine(dir, "turned.jpg")}': EXIF orientation 6 applied (8x16 as shown by viewers).", result.Stderr);
        Assert.DoesNotContain("rgba.png", result.Stderr); // alpha kept: nothing to warn about
        Assert.DoesNotContain("deep.png", result.Stderr); // 16 bits kept: nothing to warn about
        Assert.Equal(16, File.ReadAllBytes(Path.Combine(output, "deep_x2.png"))[24]);
    }

    [Fact]
    public void Upscale_and_batch_write_16_bit_pngs_for_16_bit_inputs_through_the_network()
    {
        var dir = TestPaths.NewTempDirectory();
        var pattern = TestImages.Pattern(14, 10, seed: 4);
        // RGB16 widened from an 8-bit image (so its result can be checked against the 8-bit pipeline), grey16, RGBA16.
        File.WriteAllBytes(Path.Combine(dir, "rgb16.png"), BadFiles.Png16(14, 10, (x, y, c) => Rgb16Image.Widen(pattern.Pixels[3 * (y * 14 + x) + c])));
        File.WriteAllBytes(Path.Combine(dir, "grey16.png"), BadFiles.Png16(12, 8, (x, y, c) => (ushort)(20000 + 911 * x + 37 * y), colorType: 0));
        File.WriteAllBytes(Path.Combine(dir, "rgba16.png"), BadFiles.Png16(12, 8, (x, y, c) => (ushort)(c == 3 ? 1000 + 5000 * x : 9000 * c + 300 * y), colorType: 6));
        string output = Path.Combine(dir, "out");

        var result = CliRunner.Run("upscale", Path.Combine(dir, "rgb16.png"), Path.Combine(dir, "grey16.png"), Path.Combine(dir, "rgba16.png"), "-o", output);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.DoesNotContain("warning", result.Stderr);
        foreach (var (name, colorType) in new[] { ("rgb16_x2.png", 2), ("grey16_x2.png", 0), ("rgba16_x2.png", 6) })
        {
            var bytes = File.ReadAllBytes(Path.Combine(output, name));
            Assert.True((bytes[24], bytes[25]) == (16, colorType), $"{name}: bit depth {bytes[24]}, colour type {bytes[25]}");
        }
        // The network ran on it: its 16-bit result is the 8-bit pipeline's result to within rounding.
        using var pipeline = new RedNet.MLNet.Evaluation.PipelineSuperResolver(new Microsoft.ML.MLContext(1), new RedNet.MLNet.RedNetUpscaleOptions { Scale = 2 });
        var expected = pipeline.Upscale(pattern, 2);
        var rgb = ImageCodec.DecodeDetailed(Path.Combine(output, "rgb16_x2.png")).Image16!;
        for (int i = 0; i < expected.Pixels.Length; i++) Assert.InRange(rgb.Samples[i] / 257.0 - expected.Pixels[i], -0.502, 0.502);
        var rgba = ImageCodec.DecodeDetailed(Path.Combine(output, "rgba16_x2.png"));
        var inputAlpha = ImageCodec.DecodeDetailed(Path.Combine(dir, "rgba16.png")).Alpha16!;
        Assert.Equal(DecodedImage.UpscaleAlpha(inputAlpha, 12, 8, 2), rgba.Alpha16); // alpha enlarged by bicubic in 16 bits
        Assert.Contains(rgba.Alpha16!, a => a % 257 != 0);

        // batch writes the same file for a 16-bit row.
        File.WriteAllText(Path.Combine(dir, "t.csv"), "image\nrgb16.png\n");
        var batch = CliRunner.Run("batch", "--table", Path.Combine(dir, "t.csv"), "--image-column", "image", "--out", Path.Combine(dir, "batch"));
        Assert.True(batch.ExitCode == 0, batch.Stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(output, "rgb16_x2.png")), File.ReadAllBytes(Path.Combine(dir, "batch", "000000_rgb16_x2.png")));
    }

    [Fact]
    public void Alpha_that_the_output_format_cannot_hold_is_reported()
    {
        var input = new DecodedImage(TestImages.Pattern(6, 4, seed: 3), Enumerable.Repeat((byte)100, 24).ToArray(), new[] { "16-bit samples reduced to 8 bits" });
        using var upscaler = new RedNetStripUpscaler();
        using var toJpeg = RedNet.Cli.Imaging.Enlargement.Create(upscaler, input, "out/x_x2.jpg");
        Assert.False(toJpeg.KeepsAlpha);
        Assert.Equal(new[] { "16-bit samples reduced to 8 bits", "transparency dropped: .jpg has no alpha channel (write PNG to keep it)" }, toJpeg.Notes);
        string file = Path.Combine(TestPaths.NewTempDirectory(), "x_x2.png"); // a PNG is written as the strips come, so to its target
        using var toPng = RedNet.Cli.Imaging.Enlargement.Create(upscaler, input, file);
        Assert.True(toPng.KeepsAlpha);
        toPng.Save(file);
        Assert.Equal(Enumerable.Repeat((byte)100, 12 * 8), ImageCodec.DecodeDetailed(file).Alpha);
    }
}
