namespace RedNet.MLNet.Imaging;

/// <summary>
/// RGB ⇄ YCbCr exactly as MATLAB's <c>rgb2ycbcr</c>/<c>ycbcr2rgb</c> (ITU-R BT.601, "studio swing"):
/// on the 0–255 scale Y lies in [16, 235] and Cb, Cr in [16, 240]. Values are kept as floats (not rounded to 8 bits),
/// which is what the super-resolution protocol scores. 16-bit images (<see cref="Rgb16Image"/>) go through the same
/// arithmetic, each sample taken as the 8-bit level s / 257.
/// </summary>
public static class YCbCr
{
    // MATLAB's matrix for RGB in [0,1]: [Y Cb Cr]' = offset + M · [R G B]'.
    private static readonly double[,] Forward =
    {
        { 65.481, 128.553, 24.966 },
        { -37.797, -74.203, 112.0 },
        { 112.0, -93.786, -18.214 },
    };

    private static readonly double[] Offset = { 16, 128, 128 };

    // ycbcr2rgb uses the exact inverse of the same matrix.
    private static readonly double[,] Inverse = Invert(Forward);

    /// <summary>Y of one pixel on the 0–255 scale from 8-bit R, G, B.</summary>
    public static double LumaOf(byte r, byte g, byte b) => LumaOf((double)r, g, b);

    /// <summary>Y of one pixel on the 0–255 scale from R, G, B levels on the 0–255 scale (fractional for 16-bit samples).</summary>
    public static double LumaOf(double r, double g, double b)
        => 16.0 + (Forward[0, 0] * r + Forward[0, 1] * g + Forward[0, 2] * b) / 255.0;

    // How a sample type maps to levels on the 0–255 scale and back; structs, so the generic loops below compile per type.
    private interface ISampleScale<T>
    {
        static abstract double ToLevel(T sample);
        static abstract T FromLevel(double level);
    }

    private readonly struct Bytes : ISampleScale<byte>
    {
        public static double ToLevel(byte sample) => sample;
        public static byte FromLevel(double level) => ToByte(level);
    }

    private readonly struct Words : ISampleScale<ushort>
    {
        public static double ToLevel(ushort sample) => sample / Rgb16Image.LevelsPer8Bit;
        public static ushort FromLevel(double level) => Rgb16Image.FromLevel(level);
    }

    /// <summary>
    /// The Y plane the protocol scores (0–255 scale): rgb2ycbcr's Y for colour images, the grey value itself for images
    /// that came from a single-channel file.
    /// </summary>
    public static Plane Luma(RgbImage image)
    {
        var p = image.Pixels;
        var y = new float[image.Width * image.Height];
        if (image.SourceIsGrayscale)
            for (int i = 0; i < y.Length; i++) y[i] = p[3 * i];
        else
            for (int i = 0; i < y.Length; i++) y[i] = (float)LumaOf(p[3 * i], p[3 * i + 1], p[3 * i + 2]);
        return new Plane(image.Width, image.Height, y);
    }

    /// <summary>
    /// rgb2ycbcr's Y (0–255) for every image, grey sources included: what the network sees, because an image that reaches
    /// it through ML.NET's <c>MLImage</c> no longer says whether its file had one channel.
    /// </summary>
    public static Plane ExtractY(RgbImage image) => ExtractY<byte, Bytes>(image.Pixels, image.Width, image.Height);

    /// <summary><see cref="ExtractY(RgbImage)"/> of a 16-bit image, in full precision.</summary>
    public static Plane ExtractY(Rgb16Image image) => ExtractY<ushort, Words>(image.Samples, image.Width, image.Height);

    private static Plane ExtractY<T, TScale>(T[] p, int width, int height) where TScale : ISampleScale<T>
    {
        var y = new float[width * height];
        ExtractY<T, TScale>(p, y);
        return new Plane(width, height, y);
    }

    /// <summary><see cref="ExtractY(RgbImage)"/> of interleaved R, G, B bytes into <paramref name="y"/> (one value a pixel).</summary>
    public static void ExtractY(ReadOnlySpan<byte> rgb, Span<float> y) => ExtractY<byte, Bytes>(rgb, y);

    private static void ExtractY<T, TScale>(ReadOnlySpan<T> rgb, Span<float> y) where TScale : ISampleScale<T>
    {
        for (int i = 0; i < y.Length; i++) y[i] = (float)LumaOf(TScale.ToLevel(rgb[3 * i]), TScale.ToLevel(rgb[3 * i + 1]), TScale.ToLevel(rgb[3 * i + 2]));
    }

    /// <summary>The mean of R, G and B per pixel (0–255): the Y of an image that stands for a grey one.</summary>
    public static Plane GrayLevel(RgbImage image)
    {
        var p = image.Pixels;
        var y = new float[image.Width * image.Height];
        for (int i = 0; i < y.Length; i++) y[i] = (p[3 * i] + p[3 * i + 1] + p[3 * i + 2]) / 3f;
        return new Plane(image.Width, image.Height, y);
    }

    /// <summary>Y, Cb and Cr planes on the 0–255 scale (always rgb2ycbcr, also for grey sources).</summary>
    public static (Plane Y, Plane Cb, Plane Cr) Split(RgbImage image) => Split<byte, Bytes>(image.Pixels, image.Width, image.Height);

    /// <summary><see cref="Split(RgbImage)"/> of a 16-bit image, in full precision.</summary>
    public static (Plane Y, Plane Cb, Plane Cr) Split(Rgb16Image image) => Split<ushort, Words>(image.Samples, image.Width, image.Height);

    private static (Plane Y, Plane Cb, Plane Cr) Split<T, TScale>(T[] p, int width, int height) where TScale : ISampleScale<T>
    {
        int n = width * height;
        var y = new float[n];
        var cb = new float[n];
        var cr = new float[n];
        ForEachRow(width, height, (start, end) =>
            Split<T, TScale>(p.AsSpan(3 * start, 3 * (end - start)), y.AsSpan(start, end - start), cb.AsSpan(start, end - start), cr.AsSpan(start, end - start)));
        return (new Plane(width, height, y), new Plane(width, height, cb), new Plane(width, height, cr));
    }

    /// <summary>
    /// <see cref="Split(RgbImage)"/> of interleaved R, G, B bytes, one value a pixel into each of <paramref name="cb"/> and
    /// <paramref name="cr"/>, and into <paramref name="y"/> unless it is empty.
    /// </summary>
    public static void Split(ReadOnlySpan<byte> rgb, Span<float> y, Span<float> cb, Span<float> cr) => Split<byte, Bytes>(rgb, y, cb, cr);

    private static void Split<T, TScale>(ReadOnlySpan<T> rgb, Span<float> y, Span<float> cb, Span<float> cr) where TScale : ISampleScale<T>
    {
        for (int i = 0; i < cb.Length; i++)
        {
            double r = TScale.ToLevel(rgb[3 * i]) / 255.0, g = TScale.ToLevel(rgb[3 * i + 1]) / 255.0, b = TScale.ToLevel(rgb[3 * i + 2]) / 255.0;
            if (!y.IsEmpty) y[i] = (float)(Offset[0] + Forward[0, 0] * r + Forward[0, 1] * g + Forward[0, 2] * b);
            cb[i] = (float)(Offset[1] + Forward[1, 0] * r + Forward[1, 1] * g + Forward[1, 2] * b);
            cr[i] = (float)(Offset[2] + Forward[2, 0] * r + Forward[2, 1] * g + Forward[2, 2] * b);
        }
    }

    /// <summary>ycbcr2rgb, then rounding to the nearest 8-bit value and clipping to [0, 255].</summary>
    public static RgbImage Merge(Plane y, Plane cb, Plane cr) => new(y.Width, y.Height, Merge<byte, Bytes>(y, cb, cr));

    /// <summary>ycbcr2rgb, then rounding to the nearest 16-bit value and clipping to [0, 65535]: no 8-bit step anywhere.</summary>
    public static Rgb16Image Merge16(Plane y, Plane cb, Plane cr, bool sourceIsGrayscale = false)
        => new(y.Width, y.Height, Merge<ushort, Words>(y, cb, cr), sourceIsGrayscale);

    private static T[] Merge<T, TScale>(Plane y, Plane cb, Plane cr) where TScale : ISampleScale<T>
    {
        if (y.Width != cb.Width || y.Height != cb.Height || y.Width != cr.Width || y.Height != cr.Height)
            throw new ArgumentException($"Y ({y.Width}x{y.Height}), Cb ({cb.Width}x{cb.Height}) and Cr ({cr.Width}x{cr.Height}) differ in size.");
        int n = y.Width * y.Height;
        var rgb = new T[3 * n];
        ForEachRow(y.Width, y.Height, (start, end) =>
            Merge<T, TScale>(y.Data.AsSpan(start, end - start), cb.Data.AsSpan(start, end - start), cr.Data.AsSpan(start, end - start), rgb.AsSpan(3 * start, 3 * (end - start))));
        return rgb;
    }

    /// <summary><see cref="Merge(Plane, Plane, Plane)"/> of one run of pixels (Y, Cb, Cr on 0–255) into interleaved R, G, B bytes.</summary>
    public static void Merge(ReadOnlySpan<float> y, ReadOnlySpan<float> cb, ReadOnlySpan<float> cr, Span<byte> rgb) => Merge<byte, Bytes>(y, cb, cr, rgb);

    private static void Merge<T, TScale>(ReadOnlySpan<float> y, ReadOnlySpan<float> cb, ReadOnlySpan<float> cr, Span<T> rgb) where TScale : ISampleScale<T>
    {
        for (int i = 0; i < y.Length; i++)
        {
            double dy = y[i] - Offset[0], dcb = cb[i] - Offset[1], dcr = cr[i] - Offset[2];
            for (int c = 0; c < 3; c++)
                rgb[3 * i + c] = TScale.FromLevel(255.0 * (Inverse[c, 0] * dy + Inverse[c, 1] * dcb + Inverse[c, 2] * dcr));
        }
    }

    /// <summary>Rounds half away from zero (as MATLAB's uint8 conversion does) and saturates to [0, 255].</summary>
    public static byte ToByte(double value)
    {
        if (!(value > 0)) return 0; // also NaN
        if (value >= 255) return 255;
        return (byte)(value + 0.5);
    }

    // Runs body(firstPixel, endPixel) over bands of rows in parallel; pixels are independent, so the result does not change.
    private static void ForEachRow(int width, int height, Action<int, int> body)
    {
        const int rowsPerBand = 64;
        int bands = (height + rowsPerBand - 1) / rowsPerBand;
        Parallel.For(0, bands, band => body(band * rowsPerBand * width, Math.Min(height, (band + 1) * rowsPerBand) * width));
    }

    private static double[,] Invert(double[,] m)
    {
        double a = m[0, 0], b = m[0, 1], c = m[0, 2], d = m[1, 0], e = m[1, 1], f = m[1, 2], g = m[2, 0], h = m[2, 1], i = m[2, 2];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return new double[,]
        {
            { (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det },
            { (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det },
            { (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det },
        };
    }
}
