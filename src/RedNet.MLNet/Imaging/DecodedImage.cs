namespace RedNet.MLNet.Imaging;

/// <summary>
/// A decoded file: its colour (unpremultiplied, EXIF orientation applied), its alpha when it has any, and notes on what the
/// 8-bit RGB exchange type could not keep (16-bit samples, extra animation frames), for the caller to report.
/// </summary>
/// <param name="Image">The colour; <see cref="RgbImage.SourceIsGrayscale"/> when the file has a single grey channel.</param>
/// <param name="Alpha">One byte a pixel, row-major, same size as <paramref name="Image"/>; null when the file is opaque.</param>
/// <param name="Notes">Short sentences such as "16-bit samples reduced to 8 bits"; empty when nothing was lost or changed.</param>
/// <param name="Orientation">The file's EXIF orientation (1–8; 1 = as stored), already applied to <paramref name="Image"/>.</param>
public sealed record DecodedImage(RgbImage Image, byte[]? Alpha, IReadOnlyList<string> Notes, int Orientation = 1)
{
    /// <summary>
    /// <paramref name="alpha"/> (width×height) enlarged <paramref name="factor"/> times by MATLAB bicubic, as the colour's
    /// bicubic stages enlarge Cb and Cr, rounded and clamped to bytes.
    /// </summary>
    public static byte[] UpscaleAlpha(byte[] alpha, int width, int height, int factor)
    {
        ArgumentNullException.ThrowIfNull(alpha);
        if (alpha.Length != width * height) throw new ArgumentException($"Expected {width * height} alpha bytes, got {alpha.Length}.", nameof(alpha));
        var plane = new Plane(width, height, alpha.Select(a => (float)a).ToArray());
        var enlarged = MatlabBicubic.Upscale(plane, factor);
        return enlarged.Data.Select(v => YCbCr.ToByte(v)).ToArray();
    }

    /// <summary>Applies an EXIF orientation (1–8) to <paramref name="image"/> and <paramref name="alpha"/>: what a viewer shows.</summary>
    public static (RgbImage Image, byte[]? Alpha) Orient(RgbImage image, byte[]? alpha, int orientation)
    {
        if (orientation is < 2 or > 8) return (image, alpha);
        int w = image.Width, h = image.Height;
        bool swap = orientation >= 5;
        int ow = swap ? h : w, oh = swap ? w : h;
        var pixels = new byte[3 * ow * oh];
        var outAlpha = alpha is null ? null : new byte[ow * oh];
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
                pixels[3 * o] = image.Pixels[3 * s];
                pixels[3 * o + 1] = image.Pixels[3 * s + 1];
                pixels[3 * o + 2] = image.Pixels[3 * s + 2];
                if (outAlpha is not null) outAlpha[o] = alpha![s];
            }
        return (new RgbImage(ow, oh, pixels, image.SourceIsGrayscale), outAlpha);
    }
}
