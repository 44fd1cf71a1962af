using RedNet.MLNet.Imaging;
using SkiaSharp;

namespace RedNet.MLNet.Tests.Imaging;

/// <summary>
/// The library's own 8-bit PNG writer: what SkiaSharp (an independent decoder) reads back is exactly what was written, for
/// grey, RGB and RGBA, in files long enough to need several IDAT chunks; the Sub filter agrees with its definition.
/// </summary>
public class PngWriterTests
{
    [Theory]
    [InlineData(1, 37, 5)]
    [InlineData(3, 1, 1)]
    [InlineData(3, 131, 17)]
    [InlineData(4, 70, 9)]
    [InlineData(3, 400, 300)] // noise: ~360 KB that zlib cannot shrink, so more than one 256 KB IDAT chunk
    public void SkiaSharp_decodes_exactly_the_samples_written(int channels, int width, int height)
    {
        var rng = new Random(width * 31 + height);
        var samples = new byte[width * height * channels];
        rng.NextBytes(samples);
        using var png = new MemoryStream();
        using (var writer = new PngWriter(png, width, height, channels))
        {
            for (int y = 0; y < height; y++) writer.WriteRow(samples.AsSpan(y * width * channels, width * channels));
            writer.Finish();
        }

        var info = new SKImageInfo(width, height, channels == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888, channels == 4 ? SKAlphaType.Unpremul : SKAlphaType.Opaque);
        using var bitmap = SKBitmap.Decode(png.ToArray(), info);
        Assert.NotNull(bitmap);
        var decoded = bitmap.Bytes;
        int bitmapChannels = channels == 1 ? 1 : 4;
        for (int p = 0; p < width * height; p++)
            for (int c = 0; c < channels; c++)
                Assert.Equal(samples[p * channels + c], decoded[p * bitmapChannels + c]);
        if (channels == 3)
            for (int p = 0; p < width * height; p++) Assert.Equal(255, decoded[p * 4 + 3]);
        if (width * height * channels > 1 << 18)
            Assert.True(CountChunks(png.ToArray(), "IDAT") > 1, "expected the data cut into several IDAT chunks");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void The_Sub_filter_is_each_byte_minus_the_one_a_pixel_to_its_left(int bytesPerPixel)
    {
        var row = new byte[3 * 67 * bytesPerPixel]; // longer than a vector, not a multiple of one
        new Random(bytesPerPixel).NextBytes(row);
        var filtered = new byte[row.Length + 1];

        PngWriter.SubFilter(row, bytesPerPixel, filtered);

        Assert.Equal(1, filtered[0]);
        for (int i = 0; i < row.Length; i++)
            Assert.Equal((byte)(row[i] - (i >= bytesPerPixel ? row[i - bytesPerPixel] : 0)), filtered[i + 1]);
    }

    [Fact]
    public void Wrong_row_lengths_and_missing_rows_are_refused()
    {
        using var png = new MemoryStream();
        using var writer = new PngWriter(png, 4, 2, 3);
        var error = Assert.Throws<ArgumentException>(() => writer.WriteRow(new byte[11]));
        Assert.Contains("12 bytes", error.Message);
        writer.WriteRow(new byte[12]);
        Assert.Contains("1 of 2 rows", Assert.Throws<InvalidOperationException>(writer.Finish).Message);
        writer.WriteRow(new byte[12]);
        Assert.Throws<InvalidOperationException>(() => writer.WriteRow(new byte[12]));
        writer.Finish();
        Assert.Throws<ObjectDisposedException>(() => writer.WriteRow(new byte[12]));
    }

    [Fact]
    public void ImageCodec_writes_grey_rgb_and_alpha_pngs_that_decode_to_the_same_pixels()
    {
        var rng = new Random(3);
        var colour = RgbImage.Create(29, 23);
        rng.NextBytes(colour.Pixels);
        var grey = RgbImage.Create(29, 23, sourceIsGrayscale: true);
        for (int p = 0; p < 29 * 23; p++) grey.Pixels[3 * p] = grey.Pixels[3 * p + 1] = grey.Pixels[3 * p + 2] = (byte)rng.Next(256);
        var alpha = new byte[29 * 23];
        rng.NextBytes(alpha);

        Assert.Equal(colour.Pixels, ImageCodec.Decode(ImageCodec.Encode(colour, ".png"), "c.png").Pixels);
        var greyBack = ImageCodec.Decode(ImageCodec.Encode(grey, ".png"), "g.png");
        Assert.True(greyBack.SourceIsGrayscale);
        Assert.Equal(grey.Pixels, greyBack.Pixels);
        var withAlpha = ImageCodec.DecodeDetailed(ImageCodec.Encode(colour, ".png", alpha), "a.png");
        Assert.Equal(colour.Pixels, withAlpha.Image.Pixels);
        Assert.Equal(alpha, withAlpha.Alpha);
    }

    private static int CountChunks(byte[] png, string type)
    {
        int count = 0;
        for (int offset = 8; offset + 8 <= png.Length;)
        {
            int length = (png[offset] << 24) | (png[offset + 1] << 16) | (png[offset + 2] << 8) | png[offset + 3];
            if (System.Text.Encoding.ASCII.GetString(png, offset + 4, 4) == type) count++;
            offset += 12 + length;
        }
        return count;
    }
}
