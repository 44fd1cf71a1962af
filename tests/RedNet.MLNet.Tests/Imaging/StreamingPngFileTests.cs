using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Tests.Imaging;

/// <summary>
/// The PNG written as the strips come: the same bytes as the whole-image encoder, and nothing under the target's name (nor
/// a temporary file) unless it was committed complete.
/// </summary>
public class StreamingPngFileTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Writes_the_same_file_as_the_whole_image_encoder(bool grey, bool alpha)
    {
        const int w = 29, h = 19;
        var (image, alphaBytes) = Sample(w, h, grey, alpha);
        var dir = TestPaths.NewTempDirectory();
        string expected = Path.Combine(dir, "expected.png"), actual = Path.Combine(dir, "actual.png");
        ImageCodec.Save(image, expected, alphaBytes);

        using (var file = new StreamingPngFile(w, h, actual, grey, alpha))
        {
            Assert.Equal(alpha ? 4 : grey ? 1 : 3, file.Channels);
            WriteInBands(file, image, alphaBytes, band: 6, rows: h);
            Assert.False(File.Exists(actual)); // not under its name before it is committed
            file.Commit();
        }

        Assert.Equal(File.ReadAllBytes(expected), File.ReadAllBytes(actual));
        Assert.Equal(new[] { "actual.png", "expected.png" }, Directory.EnumerateFiles(dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_file_not_committed_leaves_nothing_and_the_old_target_untouched()
    {
        const int w = 12, h = 10;
        var (image, _) = Sample(w, h, grey: false, alpha: false);
        var dir = TestPaths.NewTempDirectory();
        string target = Path.Combine(dir, "out.png");
        File.WriteAllText(target, "the previous result");

        using (var file = new StreamingPngFile(w, h, target, sourceIsGrayscale: false, hasAlpha: false))
        {
            WriteInBands(file, image, null, band: 4, rows: 4); // stopped part way, as a cancelled upscale is
            Assert.Single(Directory.EnumerateFiles(dir, "*" + AtomicFile.TemporarySuffix));
        }

        Assert.Equal("the previous result", File.ReadAllText(target));
        Assert.Equal(new[] { "out.png" }, Directory.EnumerateFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Rows_out_of_order_an_incomplete_commit_and_other_formats_are_refused()
    {
        const int w = 8, h = 6;
        var (image, _) = Sample(w, h, grey: false, alpha: false);
        var dir = TestPaths.NewTempDirectory();
        string target = Path.Combine(dir, "out.png");
        using (var file = new StreamingPngFile(w, h, target, false, false))
        {
            var error = Assert.Throws<InvalidOperationException>(() => file.WriteRows(2, 2, image.Pixels.AsSpan(3 * w * 2, 3 * w * 2), default));
            Assert.Contains("row 0 is next", error.Message);
            file.WriteRows(0, 3, image.Pixels.AsSpan(0, 3 * w * 3), default);
            Assert.Contains("3 of 6 rows", Assert.Throws<InvalidOperationException>(file.Commit).Message);
        }
        Assert.Empty(Directory.EnumerateFiles(dir));
        Assert.Throws<ArgumentException>(() => new StreamingPngFile(w, h, Path.Combine(dir, "out.jpg"), false, false));
        Assert.Throws<ArgumentException>(() =>
        {
            using var rgba = new StreamingPngFile(w, h, target, false, hasAlpha: true);
            rgba.WriteRows(0, 1, image.Pixels.AsSpan(0, 3 * w), default); // RGBA without the alpha bytes
        });
        Assert.Empty(Directory.EnumerateFiles(dir));
    }

    private static (RgbImage Image, byte[]? Alpha) Sample(int w, int h, bool grey, bool alpha)
    {
        var random = new Random(w * 100 + h);
        var pixels = new byte[3 * w * h];
        random.NextBytes(pixels);
        if (grey)
            for (int i = 0; i < pixels.Length; i += 3) pixels[i] = pixels[i + 2] = pixels[i + 1];
        byte[]? alphaBytes = alpha ? Enumerable.Range(0, w * h).Select(_ => (byte)random.Next(256)).ToArray() : null;
        return (new RgbImage(w, h, pixels, grey), alphaBytes);
    }

    private static void WriteInBands(StreamingPngFile file, RgbImage image, byte[]? alpha, int band, int rows)
    {
        int w = image.Width;
        for (int y = 0; y < rows; y += band)
        {
            int n = Math.Min(band, rows - y);
            file.WriteRows(y, n, image.Pixels.AsSpan(3 * w * y, 3 * w * n), alpha is null ? default : alpha.AsSpan(w * y, w * n));
        }
    }
}
