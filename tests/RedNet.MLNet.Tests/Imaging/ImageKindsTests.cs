using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Tests.Imaging;

/// <summary>Issue 14: alpha, grey, EXIF orientation and 16-bit files are decoded and written as a user expects.</summary>
public class ImageKindsTests
{
    [Fact]
    public void Alpha_is_read_unpremultiplied_and_written_back_into_png()
    {
        // Left: 50 % grey at alpha 128; right: red, fully transparent.
        var image = RgbImage.Create(4, 2);
        var alpha = new byte[8];
        for (int i = 0; i < 8; i++)
        {
            bool left = i % 4 < 2;
            image.Pixels[3 * i] = left ? (byte)128 : (byte)255;
            image.Pixels[3 * i + 1] = left ? (byte)128 : (byte)0;
            image.Pixels[3 * i + 2] = left ? (byte)128 : (byte)0;
            alpha[i] = left ? (byte)128 : (byte)0;
        }
        var png = ImageCodec.Encode(image, ".png", alpha);

        var decoded = ImageCodec.DecodeDetailed(png, "rgba.png");
        Assert.Equal(alpha, decoded.Alpha);
        Assert.Equal(new byte[] { 128, 128, 128 }, decoded.Image.Pixels[..3]); // not 64: colour is not premultiplied
        Assert.Equal(new byte[] { 255, 0, 0 }, decoded.Image.Pixels[6..9]);   // not black
        Assert.Empty(decoded.Notes);

        // JPEG and BMP have no alpha; an opaque file has none either.
        Assert.Null(ImageCodec.DecodeDetailed(ImageCodec.Encode(image, ".jpg", alpha), "x.jpg").Alpha);
        Assert.Null(ImageCodec.DecodeDetailed(ImageCodec.Encode(image, ".png"), "x.png").Alpha);
        Assert.False(ImageCodec.KeepsAlpha("x.jpg"));
        Assert.True(ImageCodec.KeepsAlpha("x.PNG"));
    }

    [Fact]
    public void Alpha_is_enlarged_by_bicubic()
    {
        Assert.All(DecodedImage.UpscaleAlpha(Enumerable.Repeat((byte)200, 12).ToArray(), 4, 3, 2), a => Assert.Equal(200, a));
        var edge = DecodedImage.UpscaleAlpha(new byte[] { 0, 0, 255, 255 }, 4, 1, 3);
        Assert.Equal(12 * 3, edge.Length); // 4x1 → 12x3
        Assert.Equal(0, edge[0]);
        Assert.Equal(255, edge[11]);
        Assert.InRange(edge[6], 50, 205); // the step is interpolated, not copied
    }

    [Fact]
    public void A_grey_image_is_written_grey()
    {
        var grey = new RgbImage(3, 2, Enumerable.Range(0, 6).SelectMany(i => Enumerable.Repeat((byte)(40 * i), 3)).ToArray(), sourceIsGrayscale: true);
        string path = Path.Combine(TestPaths.NewTempDirectory(), "grey.png");
        ImageCodec.Save(grey, path);
        Assert.True(ImageCodec.IsSingleChannelFile(path));
        var decoded = ImageCodec.Decode(path);
        Assert.True(decoded.SourceIsGrayscale);
        Assert.Equal(grey.Pixels, decoded.Pixels);
    }

    [Fact]
    public void Exif_orientation_is_applied_and_reported()
    {
        // 16x8: left half black, right half white. Orientation 6 = turn 90° clockwise to view: 8x16, top half black.
        var image = RgbImage.Create(16, 8);
        for (int y = 0; y < 8; y++)
            for (int x = 8; x < 16; x++) image.Pixels.AsSpan(3 * (y * 16 + x), 3).Fill(255);
        var jpeg = BadFiles.WithExifOrientation(ImageCodec.Encode(image, ".jpg"), 6);

        var decoded = ImageCodec.DecodeDetailed(jpeg, "turned.jpg");

        Assert.Equal(6, decoded.Orientation);
        Assert.Equal((8, 16), (decoded.Image.Width, decoded.Image.Height));
        Assert.InRange(decoded.Image.Pixels[3 * (2 * 8 + 4)], 0, 40);
        Assert.InRange(decoded.Image.Pixels[3 * (13 * 8 + 4)], 215, 255);
        Assert.Contains("EXIF orientation 6 applied (8x16 as shown by viewers)", decoded.Notes);
    }

    [Theory]
    [InlineData(2, 0, 0, 15, 0)]
    [InlineData(3, 0, 0, 15, 7)]
    [InlineData(4, 0, 0, 0, 7)]
    [InlineData(5, 0, 0, 0, 0)]
    [InlineData(6, 0, 0, 0, 7)]
    [InlineData(7, 0, 0, 15, 7)]
    [InlineData(8, 0, 0, 15, 0)]
    [InlineData(8, 7, 15, 0, 7)]
    public void Every_orientation_maps_pixels_as_exif_defines(int orientation, int x, int y, int sourceX, int sourceY)
    {
        var image = RgbImage.Create(16, 8);
        for (int i = 0; i < 16 * 8; i++) image.Pixels[3 * i] = (byte)i; // R = index in the stored image
        var (oriented, _) = DecodedImage.Orient(image, null, orientation);
        Assert.Equal(sourceY * 16 + sourceX, oriented.Pixels[3 * (y * oriented.Width + x)]);
    }

    [Fact]
    public void A_16_bit_png_gives_its_8_bit_image_and_its_exact_samples_without_a_note()
    {
        var png = BadFiles.Png16(5, 4, (x, y, c) => (ushort)(c == 0 ? 0xFFFF : c == 1 ? 0x8000 : 0));
        var decoded = ImageCodec.DecodeDetailed(png, "deep.png");
        Assert.Empty(decoded.Notes); // the caller says "16-bit samples reduced to 8 bits" when it uses only Image
        Assert.Equal(255, decoded.Image.Pixels[0]);
        Assert.InRange(decoded.Image.Pixels[1], 127, 128);
        Assert.Equal(0, decoded.Image.Pixels[2]);
        Assert.Equal(new ushort[] { 0xFFFF, 0x8000, 0 }, decoded.Image16!.Samples[..3]);
    }

    [Fact]
    public void An_icc_profile_other_than_srgb_is_reported()
    {
        using var p3 = SkiaSharp.SKColorSpace.CreateRgb(SkiaSharp.SKColorSpaceTransferFn.Srgb, SkiaSharp.SKColorSpaceXyz.DisplayP3);
        using var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(8, 8, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Opaque, p3));
        bitmap.Erase(new SkiaSharp.SKColor(200, 100, 50));
        using var png = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);

        var decoded = ImageCodec.DecodeDetailed(png.ToArray(), "p3.png");

        Assert.Contains("its ICC colour profile is ignored (colours read as sRGB)", decoded.Notes);
        Assert.Equal(bitmap.GetPixelSpan()[..3].ToArray(), decoded.Image.Pixels[..3]); // the stored values, unconverted
        Assert.DoesNotContain(ImageCodec.DecodeDetailed(ImageCodec.Encode(RgbImage.Create(4, 4), ".png"), "plain.png").Notes, n => n.Contains("ICC"));
    }
}
