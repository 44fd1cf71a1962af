namespace RedNet.MLNet.Imaging;

/// <summary>The PNG row filters (specification section 9: None, Sub, Up, Average, Paeth), for the 16-bit reader and writer.</summary>
internal static class PngRowFilter
{
    /// <summary>
    /// The prediction of byte <paramref name="i"/> of <paramref name="row"/> under filter <paramref name="type"/> (0–4), from
    /// the byte <paramref name="bpp"/> to the left (a), the one above in <paramref name="up"/> (b) and the one above-left (c).
    /// </summary>
    public static int Predict(int type, byte[] row, byte[] up, int i, int bpp)
    {
        int a = i >= bpp ? row[i - bpp] : 0, b = up[i], c = i >= bpp ? up[i - bpp] : 0;
        return type switch { 0 => 0, 1 => a, 2 => b, 3 => (a + b) >> 1, _ => Paeth(a, b, c) };
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
