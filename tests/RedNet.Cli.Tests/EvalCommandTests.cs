using System.Text.Json;

namespace RedNet.Cli.Tests;

public class EvalCommandTests
{
    private static string HrFixtureFolder()
    {
        // Three HR images of different kinds: colour (x2, x3 fixtures) and single-channel grey.
        var dir = TestPaths.NewTempDirectory();
        var root = Path.Combine(TestPaths.Fixtures, "matlab-bicubic");
        File.Copy(Path.Combine(root, "Set5", "x2", "HR", "img_004.png"), Path.Combine(dir, "head.png"));
        File.Copy(Path.Combine(root, "Set14", "x3", "HR", "img_006.png"), Path.Combine(dir, "face.png"));
        File.Copy(Path.Combine(root, "Set14", "x4", "HR", "img_003.png"), Path.Combine(dir, "bridge.png"));
        return dir;
    }

    [Fact]
    public void Json_output_is_one_object_with_the_documented_shape()
    {
        var dir = HrFixtureFolder();
        var result = CliRunner.Run("eval", "--hr", dir, "--scale", "2", "--method", "bicubic", "--json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.Equal(Path.GetFileName(dir), root.GetProperty("dataset").GetString());
        Assert.Equal(2, root.GetProperty("scale").GetInt32());
        Assert.Equal("bicubic", root.GetProperty("method").GetString());
        var images = root.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(new[] { "bridge", "face", "head" }, images.Select(i => i.GetProperty("name").GetString()));
        double mean = images.Average(i => i.GetProperty("psnr").GetDouble());
        Assert.Equal(mean, root.GetProperty("psnr").GetDouble(), 9);
        Assert.All(images, i => Assert.InRange(i.GetProperty("psnr").GetDouble(), 20, 45));
        Assert.All(images, i => Assert.InRange(i.GetProperty("ssim").GetDouble(), 0.5, 1));
    }

    [Fact]
    public void Table_output_lists_each_image_and_the_mean()
    {
        var result = CliRunner.Run("eval", "--hr", HrFixtureFolder(), "--scale", "3");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("PSNR", result.Stdout);
        Assert.Contains("face", result.Stdout);
        Assert.Contains("mean", result.Stdout);
    }

    [Fact]
    public void Bad_files_are_listed_and_the_rest_is_still_scored()
    {
        var dir = HrFixtureFolder();
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not an image");
        var png = File.ReadAllBytes(Path.Combine(dir, "head.png"));
        File.WriteAllBytes(Path.Combine(dir, "truncated.png"), png[..(png.Length / 3)]);
        File.WriteAllBytes(Path.Combine(dir, "zero.png"), Array.Empty<byte>());
        var result = CliRunner.Run("eval", "--hr", dir, "--scale", "2", "--json");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("notes.txt", result.Stderr);
        Assert.Contains("truncated.png", result.Stderr);
        Assert.Contains("zero.png", result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(3, doc.RootElement.GetProperty("images").GetArrayLength());
        Assert.Equal(3, doc.RootElement.GetProperty("failures").GetArrayLength());
    }

    [Fact]
    public void Missing_or_empty_or_all_bad_folder_fails_with_a_message_naming_it()
    {
        var missing = Path.Combine(TestPaths.NewTempDirectory(), "nope");
        var r1 = CliRunner.Run("eval", "--hr", missing, "--scale", "2");
        Assert.NotEqual(0, r1.ExitCode);
        Assert.Contains(missing, r1.Stderr);

        var empty = TestPaths.NewTempDirectory();
        var r2 = CliRunner.Run("eval", "--hr", empty, "--scale", "2");
        Assert.NotEqual(0, r2.ExitCode);
        Assert.Contains(empty, r2.Stderr);

        var allBad = TestPaths.NewTempDirectory();
        File.WriteAllText(Path.Combine(allBad, "a.png"), "text");
        var r3 = CliRunner.Run("eval", "--hr", allBad, "--scale", "2");
        Assert.NotEqual(0, r3.ExitCode);
        Assert.Contains("a.png", r3.Stderr);
    }

    [SkippableTheory]
    [InlineData("Set5", 2, 33.66, 0.9299)]
    [InlineData("Set14", 2, 30.24, 0.8688)]
    [InlineData("Set5", 3, 30.39, double.NaN)]
    [InlineData("Set5", 4, 28.42, double.NaN)]
    public void Bicubic_matches_the_published_figures(string dataset, int scale, double psnr, double ssim)
    {
        Skip.If(TestPaths.SharedDatasets is null, "../shared/datasets is not present");
        var result = CliRunner.Run("eval", "--hr", Path.Combine(TestPaths.SharedDatasets!, dataset), "--scale", scale.ToString(), "--json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(psnr, doc.RootElement.GetProperty("psnr").GetDouble(), 0.02);
        if (!double.IsNaN(ssim)) Assert.Equal(ssim, doc.RootElement.GetProperty("ssim").GetDouble(), 0.002);
    }
}
