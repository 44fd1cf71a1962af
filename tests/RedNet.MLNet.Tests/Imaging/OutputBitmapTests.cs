using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Tests.Imaging;

public class OutputBitmapTests
{
    // The streaming writer must produce the very files the whole-image writer (ImageCodec.Save) produces.
    [Theory]
    [InlineData(".png", false, false)]
    [InlineData(".png", false, true)]
    [InlineData(".png", true, false)]
    [InlineData(".png", true, true)]
    [InlineData(".jpg", false, false)]
    [InlineData(".jpg", true, false)]
    [InlineData(".jpg", false, true)]
    [InlineData(".bmp", false, false)]
    [InlineData(".bmp", true, true)]
    public void Writes_the_same_file_as_the_whole_image_encoder(string extension, bool grey, bool alpha)
    {
        const int w = 23, h = 17;
        var random = new Random(7);
        var pixels = new byte[3 * w * h];
        random.NextBytes(pixels);
        if (grey)
            for (int i = 0; i < pixels.Length; i += 3) pixels[i] = pixels[i + 2] = pixels[i + 1];
        var image = new RgbImage(w, h, pixels, grey);
        byte[]? alphaBytes = alpha ? Enumerable.Range(0, w * h).Select(_ => (byte)random.Next(256)).ToArray() : null;
        var dir = TestPaths.NewTempDirectory();
        string expected = Path.Combine(dir, "expected" + extension), actual = Path.Combine(dir, "actual" + extension);
        ImageCodec.Save(image, expected, ImageCodec.KeepsAlpha(expected) ? alphaBytes : null);

        using var bitmap = new OutputBitmap(w, h, actual, grey, alpha && ImageCodec.KeepsAlpha(actual));
        for (int y = 0; y < h; y += 5) // in bands, as the strip upscaler hands them over
        {
            int rows = Math.Min(5, h - y);
            bitmap.WriteRows(y, rows, pixels.AsSpan(3 * w * y, 3 * w * rows), alphaBytes is null ? default : alphaBytes.AsSpan(w * y, w * rows));
        }
        bitmap.Save(actual);
        Assert.Equal(File.ReadAllBytes(expected), File.ReadAllBytes(actual));
        Assert.Equal(new[] { "actual" + extension, "expected" + extension }, Directory.EnumerateFiles(dir).Select(Path.GetFileName).Order());
    }
}
