using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Tests.Imaging;

/// <summary>Issue 14: a 16-bit PNG is read to its exact samples, enlarged with no 8-bit step and written as a 16-bit PNG.</summary>
public class SixteenBitTests
{
    // Samples that use all 16 bits (low bytes differ from high bytes), seeded by position and channel.
    private static ushort Sample(int x, int y, int c) => (ushort)((x * 40503 + y * 7919 + c * 21011 + x * y * 313) & 0xFFFF);

    [Theory]
    [InlineData(0, false)]
    [InlineData(2, false)]
    [InlineData(4, false)]
    [InlineData(6, false)]
    [InlineData(0, true)]
    [InlineData(2, true)]
    [InlineData(6, true)]
    public void The_reader_gives_the_exact_samples_of_each_colour_type_interlaced_or_not(int colorType, bool interlaced)
    {
        const int width = 13, height = 11; // odd sizes: some Adam7 passes are narrow or empty
        bool grey = colorType is 0 or 4, alpha = colorType is 4 or 6;
        int colourChannels = grey ? 1 : 3;
        var png = BadFiles.Png16(width, height, Sample, colorType, interlaced);

        var decoded = ImageCodec.DecodeDetailed(png, "deep.png");

        var image16 = Assert.IsType<Rgb16Image>(decoded.Image16);
        Assert.Equal(grey, image16.SourceIsGrayscale);
        Assert.Empty(decoded.Notes); // nothing reduced: the 16-bit samples are there
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int p = y * width + x;
                for (int c = 0; c < 3; c++)
                {
                    ushort expected = Sample(x, y, grey ? 0 : c);
                    Assert.Equal(expected, image16.Samples[3 * p + c]);
                    // SkiaSharp's own 8-bit decode of the same file agrees (an independent reader of the same bytes).
                    Assert.InRange(decoded.Image.Pixels[3 * p + c], Math.Max(0, expected / 257 - 1), Math.Min(255, expected / 257 + 1));
                }
                if (alpha) Assert.Equal(Sample(x, y, colourChannels), decoded.Alpha16![p]);
            }
        if (!alpha) Assert.Null(decoded.Alpha16);
    }

    [Theory]
    [InlineData(false, false, 2)]
    [InlineData(true, false, 0)]
    [InlineData(false, true, 6)]
    [InlineData(true, true, 4)]
    public void The_writer_makes_a_16_bit_png_that_reads_back_exactly(bool grey, bool withAlpha, int colorType)
    {
        const int width = 9, height = 7;
        var samples = new ushort[3 * width * height];
        for (int i = 0; i < width * height; i++)
            for (int c = 0; c < 3; c++) samples[3 * i + c] = Sample(i % width, i / width, grey ? 0 : c);
        var image = new Rgb16Image(width, height, samples, grey);
        var alpha = withAlpha ? Enumerable.Range(0, width * height).Select(i => Sample(i, 0, 3)).ToArray() : null;

        var png = Png16Encoder.Encode(image, alpha);

        Assert.Equal(16, png[24]);          // IHDR bit depth
        Assert.Equal(colorType, png[25]);   // IHDR colour type
        var decoded = ImageCodec.DecodeDetailed(png, "written.png"); // SkiaSharp accepts it (CRCs, zlib, filters) ...
        Assert.Equal(samples, decoded.Image16!.Samples);            // ... and the samples come back exactly
        Assert.Equal(grey, decoded.Image16.SourceIsGrayscale);
        Assert.Equal(alpha, decoded.Alpha16);
    }

    // A stand-in for the network that is not linear, so any rounding difference between the paths would show.
    private static Plane Curve(Plane y) => new(y.Width, y.Height, y.Data.Select(v => 0.1f + 0.8f * v * v).ToArray());

    [Fact]
    public void An_8_bit_image_widened_to_16_bits_gives_the_8_bit_result_in_16_bits()
    {
        var random = new Random(5);
        var pixels = new byte[3 * 12 * 9];
        random.NextBytes(pixels);
        var image8 = new RgbImage(12, 9, pixels);
        var image16 = new Rgb16Image(12, 9, pixels.Select(Rgb16Image.Widen).ToArray());

        var out8 = LumaSuperResolution.Upscale(image8, 3, Curve);
        var out16 = LumaSuperResolution.Upscale(image16, 3, Curve);

        Assert.Equal((36, 27), (out16.Width, out16.Height));
        // Same planes, rounded once to 8 bits and once to 16: at most half an 8-bit level (plus half a 16-bit one) apart.
        for (int i = 0; i < out8.Pixels.Length; i++)
            Assert.InRange(out16.Samples[i] / 257.0 - out8.Pixels[i], -0.502, 0.502);
    }

    [Fact]
    public void Differences_smaller_than_an_8_bit_level_survive_the_enlargement()
    {
        // A grey ramp rising 7 and 3 sixteenth-bit units a pixel: all of it lies within two 8-bit levels (116.7–117.1).
        const int width = 24, height = 16;
        var samples = new ushort[3 * width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) samples.AsSpan(3 * (y * width + x), 3).Fill((ushort)(30000 + 7 * x + 3 * y));
        var ramp = new Rgb16Image(width, height, samples, sourceIsGrayscale: true);

        var enlarged = LumaSuperResolution.Upscale(ramp, 2, y => y);

        // Bicubic reproduces a linear ramp inside the image: output pixel u sits at input (u + 0.5) / 2 - 0.5.
        for (int v = 6; v < 2 * height - 6; v++)
            for (int u = 6; u < 2 * width - 6; u++)
            {
                double expected = 30000 + 7 * ((u + 0.5) / 2 - 0.5) + 3 * ((v + 0.5) / 2 - 0.5);
                for (int c = 0; c < 3; c++) Assert.InRange(enlarged.Samples[3 * (v * 2 * width + u) + c], expected - 1.5, expected + 1.5);
            }
        Assert.True(enlarged.SourceIsGrayscale);
        Assert.True(enlarged.Samples.Distinct().Count() > 100); // an 8-bit step would have left 2 or 3 values
    }

    [Fact]
    public void A_cut_or_corrupted_16_bit_png_is_an_error_naming_the_file()
    {
        var png = BadFiles.Png16(13, 11, Sample, colorType: 6, interlaced: true);
        for (int length = 27; length < png.Length; length += 5)
        {
            var cut = png[..length];
            var e = Record.Exception(() => Png16Decoder.Decode(cut, "cut.png"));
            Assert.True(e is null or InvalidDataException, $"{length} bytes: {e}");
            if (e is not null) Assert.Contains("'cut.png'", e.Message);
        }
        var corrupt = (byte[])png.Clone();
        for (int i = 60; i < corrupt.Length - 12; i += 3) corrupt[i] ^= 0x5A; // inside IDAT: zlib data or a row filter goes bad
        var error = Assert.Throws<InvalidDataException>(() => Png16Decoder.Decode(corrupt, "corrupt.png"));
        Assert.Contains("'corrupt.png'", error.Message);
    }

    [Fact]
    public void Sixteen_bit_alpha_is_enlarged_by_bicubic_in_16_bits()
    {
        Assert.All(DecodedImage.UpscaleAlpha(Enumerable.Repeat((ushort)40001, 12).ToArray(), 4, 3, 2), a => Assert.Equal(40001, a));
        var step = DecodedImage.UpscaleAlpha(new ushort[] { 0, 0, 65535, 65535 }, 4, 1, 3);
        Assert.Equal((ushort)0, step[0]);
        Assert.Equal((ushort)65535, step[11]);
        Assert.True(step[6] % 257 != 0); // interpolated in 16 bits, not on the 8-bit grid
    }
}
