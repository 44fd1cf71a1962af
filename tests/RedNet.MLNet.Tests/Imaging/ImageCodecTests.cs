using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Tests.Imaging;

public class ImageCodecTests
{
    private static RgbImage Gradient(int w, int h)
    {
        var image = RgbImage.Create(w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int o = 3 * (y * w + x);
                image.Pixels[o] = (byte)(x * 7);
                image.Pixels[o + 1] = (byte)(y * 5);
                image.Pixels[o + 2] = (byte)(x + y);
            }
        return image;
    }

    [Theory]
    [InlineData(".png")]
    [InlineData(".bmp")]
    public void Lossless_formats_round_trip(string extension)
    {
        var image = Gradient(37, 21);
        var decoded = ImageCodec.Decode(ImageCodec.Encode(image, extension), "memory" + extension);
        Assert.Equal(image.Width, decoded.Width);
        Assert.Equal(image.Height, decoded.Height);
        Assert.Equal(image.Pixels, decoded.Pixels);
        Assert.False(decoded.SourceIsGrayscale);
    }

    [Fact]
    public void Jpeg_round_trips_approximately()
    {
        var image = Gradient(40, 40);
        var decoded = ImageCodec.Decode(ImageCodec.Encode(image, ".jpg"), "memory.jpg");
        double meanError = image.Pixels.Zip(decoded.Pixels, (a, b) => Math.Abs(a - b)).Average();
        // quality 95 with 4:2:0 chroma on a saturated colour ramp: a few levels of error on average.
        Assert.True(meanError < 5, $"mean error {meanError}");
    }

    [Fact]
    public void Grey_png_is_flagged_as_grey()
    {
        var decoded = ImageCodec.Decode(Path.Combine(TestPaths.Fixtures, "matlab-bicubic", "Set14", "x4", "LR", "img_003.png"));
        Assert.True(decoded.SourceIsGrayscale);
        for (int i = 0; i < decoded.Pixels.Length; i += 3)
        {
            Assert.Equal(decoded.Pixels[i], decoded.Pixels[i + 1]);
            Assert.Equal(decoded.Pixels[i], decoded.Pixels[i + 2]);
        }
    }

    [Fact]
    public void Empty_truncated_and_non_image_files_give_errors_that_name_the_file()
    {
        var png = ImageCodec.Encode(Gradient(64, 64), ".png");
        var e1 = Assert.Throws<InvalidDataException>(() => ImageCodec.Decode(Array.Empty<byte>(), "empty.png"));
        Assert.Contains("empty.png", e1.Message);
        Assert.Contains("empty", e1.Message);
        var e2 = Assert.Throws<InvalidDataException>(() => ImageCodec.Decode(png[..(png.Length / 2)], "half.png"));
        Assert.Contains("half.png", e2.Message);
        Assert.Contains("truncated", e2.Message);
        var e3 = Assert.Throws<InvalidDataException>(() => ImageCodec.Decode("hello, world"u8.ToArray(), "notes.txt"));
        Assert.Contains("notes.txt", e3.Message);
        var e4 = Assert.Throws<InvalidDataException>(() => ImageCodec.Decode("/nonexistent/dir/x.png"));
        Assert.Contains("/nonexistent/dir/x.png", e4.Message);
    }

    [Fact]
    public void Save_is_atomic_and_leaves_no_temporary_file()
    {
        var dir = TestPaths.NewTempDirectory();
        var path = Path.Combine(dir, "out.png");
        ImageCodec.Save(Gradient(8, 8), path);
        Assert.True(File.Exists(path));
        Assert.Single(Directory.GetFiles(dir));
        Assert.Throws<ArgumentException>(() => ImageCodec.Save(Gradient(8, 8), Path.Combine(dir, "out.tiff")));
        Assert.Single(Directory.GetFiles(dir));
    }
}
