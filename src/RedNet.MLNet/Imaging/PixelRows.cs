namespace RedNet.MLNet.Imaging;

/// <summary>
/// Conversions of one row of 8-bit pixels between the layouts the image writers hold (packed RGB, RGBA, one grey byte), so
/// that <see cref="OutputBitmap"/>, <see cref="StreamingPngFile"/> and <see cref="ImageCodec"/> write the same bytes for the same rows.
/// </summary>
internal static class PixelRows
{
    /// <summary>The grey of a grey source's RGB row: its G (R = G = B there; the codecs read grey the same way).</summary>
    public static void GreenToGrey(ReadOnlySpan<byte> rgb, Span<byte> grey)
    {
        for (int x = 0; x < grey.Length; x++) grey[x] = rgb[3 * x + 1];
    }

    /// <summary>Packed RGB plus alpha into RGBA; an empty <paramref name="alpha"/> means opaque (255).</summary>
    public static void RgbToRgba(ReadOnlySpan<byte> rgb, ReadOnlySpan<byte> alpha, Span<byte> rgba)
    {
        int width = rgba.Length / 4;
        for (int x = 0; x < width; x++)
        {
            rgba[4 * x] = rgb[3 * x];
            rgba[4 * x + 1] = rgb[3 * x + 1];
            rgba[4 * x + 2] = rgb[3 * x + 2];
        }
        // The alpha source is the same for the whole row: one pass for it rather than a test per pixel.
        if (alpha.IsEmpty)
            for (int x = 0; x < width; x++) rgba[4 * x + 3] = 255;
        else
            for (int x = 0; x < width; x++) rgba[4 * x + 3] = alpha[x];
    }

    /// <summary>R, G, B of each pixel of an RGBA row, packed.</summary>
    public static void RgbaToRgb(ReadOnlySpan<byte> rgba, Span<byte> rgb)
    {
        for (int x = 0; x < rgba.Length / 4; x++)
        {
            rgb[3 * x] = rgba[4 * x];
            rgb[3 * x + 1] = rgba[4 * x + 1];
            rgb[3 * x + 2] = rgba[4 * x + 2];
        }
    }
}
