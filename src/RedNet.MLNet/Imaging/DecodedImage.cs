namespace RedNet.MLNet.Imaging;

/// <summary>
/// A decoded file: its colour (unpremultiplied, EXIF orientation applied), its alpha when it has any, and notes on what the
/// 8-bit RGB exchange type could not keep (extra animation frames, an ICC profile), for the caller to report. A 16-bit PNG
/// also gives its exact samples (<paramref name="Image16"/>, <paramref name="Alpha16"/>), oriented the same way; a caller
/// that uses only the 8-bit <paramref name="Image"/> reports <see cref="SixteenBitReducedNote"/> itself.
/// </summary>
/// <param name="Image">The colour; <see cref="RgbImage.SourceIsGrayscale"/> when the file has a single grey channel.</param>
/// <param name="Alpha">One byte a pixel, row-major, same size as <paramref name="Image"/>; null when the file is opaque.</param>
/// <param name="Notes">Short sentences such as "its ICC colour profile is ignored"; empty when nothing was lost or changed.</param>
/// <param name="Orientation">The file's EXIF orientation (1–8; 1 = as stored), already applied to <paramref name="Image"/>.</param>
/// <param name="Image16">The 16-bit samples of a 16-bit PNG (<paramref name="Image"/> is them rounded to 8 bits); null otherwise.</param>
/// <param name="Alpha16">The 16-bit alpha of a 16-bit PNG that has transparency; null otherwise.</param>
public sealed record DecodedImage(RgbImage Image, byte[]? Alpha, IReadOnlyList<string> Notes, int Orientation = 1,
    Rgb16Image? Image16 = null, ushort[]? Alpha16 = null)
{
    /// <summary>
    /// <paramref name="alpha"/> (width×height) enlarged <paramref name="factor"/> times by MATLAB bicubic, as the colour's
    /// bicubic stages enlarge Cb and Cr, rounded and clamped to bytes.
    /// </summary>
    public static byte[] UpscaleAlpha(byte[] alpha, int width, int height, int factor)
        => UpscaleAlpha(alpha, width, height, factor, a => a, YCbCr.ToByte);

    /// <summary><see cref="UpscaleAlpha(byte[], int, int, int)"/> for 16-bit alpha, in float, rounded to 16 bits.</summary>
    public static ushort[] UpscaleAlpha(ushort[] alpha, int width, int height, int factor)
        => UpscaleAlpha(alpha, width, height, factor, a => a, Rgb16Image.Round);

    /// <summary>The note a caller adds when it uses only the 8-bit image of a 16-bit file.</summary>
    public const string SixteenBitReducedNote = "16-bit samples reduced to 8 bits";

    private static T[] UpscaleAlpha<T>(T[] alpha, int width, int height, int factor, Func<T, float> toFloat, Func<double, T> round)
    {
        ArgumentNullException.ThrowIfNull(alpha);
        if (alpha.Length != width * height) throw new ArgumentException($"Expected {width * height} alpha samples, got {alpha.Length}.", nameof(alpha));
        var plane = new Plane(width, height, alpha.Select(toFloat).ToArray());
        return MatlabBicubic.Upscale(plane, factor).Data.Select(v => round(v)).ToArray();
    }

    /// <summary>Applies an EXIF orientation (1–8) to <paramref name="image"/> and <paramref name="alpha"/>: what a viewer shows.</summary>
    public static (RgbImage Image, byte[]? Alpha) Orient(RgbImage image, byte[]? alpha, int orientation)
    {
        if (orientation is < 2 or > 8) return (image, alpha);
        var (pixels, outAlpha, width, height) = Orient(image.Pixels, alpha, image.Width, image.Height, orientation);
        return (new RgbImage(width, height, pixels, image.SourceIsGrayscale), outAlpha);
    }

    /// <summary><see cref="Orient(RgbImage, byte[], int)"/> for a 16-bit image and alpha.</summary>
    public static (Rgb16Image Image, ushort[]? Alpha) Orient(Rgb16Image image, ushort[]? alpha, int orientation)
    {
        if (orientation is < 2 or > 8) return (image, alpha);
        var (samples, outAlpha, width, height) = Orient(image.Samples, alpha, image.Width, image.Height, orientation);
        return (new Rgb16Image(width, height, samples, image.SourceIsGrayscale), outAlpha);
    }

    private static (T[] Pixels, T[]? Alpha, int Width, int Height) Orient<T>(T[] source, T[]? alpha, int w, int h, int orientation)
    {
        bool swap = orientation >= 5;
        int ow = swap ? h : w, oh = swap ? w : h;
        var pixels = new T[3 * ow * oh];
        var outAlpha = alpha is null ? null : new T[ow * oh];
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++)
            {
                var (sx, sy) = orientation switch
                {
                    2 => (w - 1 - x, y),          // mirrored horizontally
                    3 => (w - 1 - x, h - 1 - y),  // rotated 180°
                    4 => (x, h - 1 - y),          // mirrored vertically
                    5 => (y, x),                  // transposed
                    6 => (y, h - 1 - x),          // to be turned 90° clockwise
                    7 => (w - 1 - y, h - 1 - x),  // transversed
                    _ => (w - 1 - y, x),          // 8: to be turned 90° anticlockwise
                };
                int s = sy * w + sx, o = y * ow + x;
                pixels[3 * o] = source[3 * s];
                pixels[3 * o + 1] = source[3 * s + 1];
                pixels[3 * o + 2] = source[3 * s + 2];
                if (outAlpha is not null) outAlpha[o] = alpha![s];
            }
        return (pixels, outAlpha, ow, oh);
    }
}
