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
        Assert.Contains($"warning: '{Path.Combine(dir, "deep.png")}': 16-bit samples reduced to 8 bits.", result.Stderr);
        Assert.DoesNotContain("rgba.png", result.Stderr); // alpha kept: nothing to warn about
    }

    [Fact]
    public void Alpha_that_the_output_format_cannot_hold_is_reported()
    {
        var input = new DecodedImage(TestImages.Pattern(6, 4, seed: 3), Enumerable.Repeat((byte)100, 24).ToArray(), new[] { "16-bit samples reduced to 8 bits" });
        using var upscaler = new RedNetStripUpscaler();
        using var toJpeg = RedNet.Cli.Imaging.Enlargement.Create(upscaler, input, "out/x_x2.jpg");
        Assert.False(toJpeg.KeepsAlpha);
        Assert.Equal(new[] { "16-bit samples reduced to 8 bits", "transparency dropped: .jpg has no alpha channel (write PNG to keep it)" }, toJpeg.Notes);
        using var toPng = RedNet.Cli.Imaging.Enlargement.Create(upscaler, input, "out/x_x2.png");
        Assert.True(toPng.KeepsAlpha);
        string file = Path.Combine(TestPaths.NewTempDirectory(), "x_x2.png");
        toPng.Save(file);
        Assert.Equal(Enumerable.Repeat((byte)100, 12 * 8), ImageCodec.DecodeDetailed(file).Alpha);
    }
}
