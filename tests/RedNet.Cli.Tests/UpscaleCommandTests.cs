using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Tests;

public class UpscaleCommandTests
{
    [Fact]
    public void Files_folders_and_patterns_are_upscaled_into_out_and_bad_inputs_get_one_error_line_each()
    {
        var dir = TestPaths.NewTempDirectory();
        TestImages.Write(Path.Combine(dir, "in", "a.png"), 30, 24, seed: 1);
        TestImages.Write(Path.Combine(dir, "in", "b photo.jpg"), 26, 20, seed: 2);
        TestImages.Write(Path.Combine(dir, "in", "sub", "c.bmp"), 20, 28, seed: 3);
        File.WriteAllText(Path.Combine(dir, "in", "sub", "notes.txt"), "not listed: folders give their image files only");
        File.WriteAllText(Path.Combine(dir, "in", "fake.png"), "not an image");
        string output = Path.Combine(dir, "out");

        var result = CliRunner.Run("upscale", Path.Combine(dir, "in", "a.png"), Path.Combine(dir, "in", "sub"), Path.Combine(dir, "in", "*.jpg"),
            Path.Combine(dir, "in", "fake.png"), Path.Combine(dir, "in", "missing.png"), "-o", output);

        Assert.Equal(1, result.ExitCode);
        AssertImage(Path.Combine(output, "a_x2.png"), 60, 48);
        AssertImage(Path.Combine(output, "b photo_x2.png"), 52, 40);
        AssertImage(Path.Combine(output, "c_x2.png"), 40, 56);
        Assert.Equal(3, Directory.GetFiles(output).Length);
        var errors = result.Stderr.Split('\n').Where(l => l.StartsWith("error:")).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, l => l.Contains("fake.png") && l.Contains("not a readable image"));
        Assert.Contains(errors, l => l.Contains("missing.png") && l.Contains("no such file"));
        Assert.Contains(Path.Combine(output, "a_x2.png"), result.Stdout);
    }

    [Fact]
    public void Existing_outputs_are_kept_without_force_and_keep_format_keeps_the_extension()
    {
        var dir = TestPaths.NewTempDirectory();
        TestImages.Write(Path.Combine(dir, "a.png"), 24, 24, seed: 4);
        TestImages.Write(Path.Combine(dir, "b.jpg"), 24, 32, seed: 5);
        string existing = Path.Combine(dir, "a_x2.png");
        File.WriteAllText(existing, "keep me");

        // Default: next to the input; a.png's output exists and is refused, b.jpg still goes through.
        var refused = CliRunner.Run("upscale", Path.Combine(dir, "*.png"), Path.Combine(dir, "b.jpg"), "--keep-format");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"'{existing}' already exists", refused.Stderr);
        Assert.Contains("--force", refused.Stderr);
        Assert.Equal("keep me", File.ReadAllText(existing));
        AssertImage(Path.Combine(dir, "b_x2.jpg"), 48, 64);
        Assert.False(File.Exists(Path.Combine(dir, "b_x2.png")));

        var forced = CliRunner.Run("upscale", Path.Combine(dir, "a.png"), "--force", "--scale", "3");
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        AssertImage(Path.Combine(dir, "a_x3.png"), 72, 72);
        var overwritten = CliRunner.Run("upscale", Path.Combine(dir, "a.png"), "--force");
        Assert.True(overwritten.ExitCode == 0, overwritten.Stderr);
        AssertImage(existing, 48, 48);
        Assert.Empty(Directory.EnumerateFiles(dir, "*.partial"));
    }

    [Fact]
    public void Usage_errors_exit_with_2()
    {
        Assert.Equal(2, CliRunner.Run("upscale").ExitCode);
        var badModel = CliRunner.Run("upscale", "x.png", "--model", Path.Combine(TestPaths.NewTempDirectory(), "none.onnx"));
        Assert.Equal(2, badModel.ExitCode);
        Assert.Contains("none.onnx", badModel.Stderr);
    }

    private static void AssertImage(string path, int width, int height)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        var image = ImageCodec.Decode(path);
        Assert.Equal((width, height), (image.Width, image.Height));
    }
}
