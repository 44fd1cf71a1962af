using System.Globalization;
using System.Text.Json;
using RedNet.Cli.Report;
using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Tests;

public class EvalReportTests
{
    [Fact]
    public void Report_has_both_methods_per_image_and_their_means_the_command_and_a_crop_picture_per_image()
    {
        var hr = TestPaths.NewTempDirectory();
        var root = Path.Combine(TestPaths.Fixtures, "matlab-bicubic");
        File.Copy(Path.Combine(root, "Set5", "x2", "HR", "img_004.png"), Path.Combine(hr, "head.png"));
        TestImages.Write(Path.Combine(hr, "small pattern.png"), 60, 50, seed: 9);
        string report = Path.Combine(TestPaths.NewTempDirectory(), "report");

        var result = CliRunner.Run("eval", "--hr", hr, "--scale", "2", "--method", "rednet", "--json", "--report", report);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("rednet", json.RootElement.GetProperty("method").GetString());
        string md = File.ReadAllText(Path.Combine(report, "report.md"));
        Assert.Contains($"rednet eval --hr {hr} --scale 2 --method rednet --json --report {report}", md);
        Assert.Contains("| image | size | bicubic PSNR | bicubic SSIM | RED-Net PSNR | RED-Net SSIM |", md);
        Assert.Contains("| **mean** | 2 images |", md);
        foreach (var image in json.RootElement.GetProperty("images").EnumerateArray())
        {
            string name = image.GetProperty("name").GetString()!;
            Assert.Contains($"| {name} | {image.GetProperty("width").GetInt32()}x{image.GetProperty("height").GetInt32()} |", md);
            Assert.Contains(image.GetProperty("psnr").GetDouble().ToString("0.00", CultureInfo.InvariantCulture), md);
        }
        Assert.Contains("](head_crops.png)", md);
        Assert.Contains("](small_pattern_crops.png)", md);

        // 96x96 crops (the small image's whole 60x50) enlarged 3x, three panels side by side.
        var head = ImageCodec.Decode(Path.Combine(report, "head_crops.png"));
        var small = ImageCodec.Decode(Path.Combine(report, "small_pattern_crops.png"));
        Assert.Equal(head.Height - 3 * 96, small.Height - 3 * 50);
        Assert.Equal(head.Width - 3 * 3 * 96, small.Width - 3 * 3 * 60);
        Assert.Empty(Directory.EnumerateFiles(report, "*.partial"));
    }

    [Fact]
    public void The_crop_is_where_the_error_is_largest()
    {
        var truth = RgbImage.Create(50, 40);
        var estimate = RgbImage.Create(50, 40);
        for (int y = 21; y < 29; y++)
            for (int x = 31; x < 39; x++)
                estimate.Pixels[3 * (y * 50 + x)] = 255;
        var region = CropRegion.LargestError(truth, estimate, 10);
        Assert.Equal((10, 10), (region.Width, region.Height));
        Assert.InRange(region.X, 29, 31);
        Assert.InRange(region.Y, 19, 21);
        Assert.Equal(new CropRegion(0, 0, 50, 40), CropRegion.LargestError(truth, estimate, 96));
    }
}
