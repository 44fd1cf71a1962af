namespace RedNet.MLNet.Imaging;

/// <summary>
/// Writes 24-bit uncompressed BMP. SkiaSharp 2.88 decodes BMP but has no BMP encoder, and BMP is the format
/// of the T91 training set, so writing it back must work.
/// </summary>
internal static class BmpEncoder
{
    public static byte[] Encode(RgbImage image)
    {
        int rowBytes = (3 * image.Width + 3) & ~3; // rows are padded to 4 bytes
        int dataSize = rowBytes * image.Height;
        var bytes = new byte[54 + dataSize];
        bytes[0] = (byte)'B';
        bytes[1] = (byte)'M';
        BitConverter.TryWriteBytes(bytes.AsSpan(2), 54 + dataSize);
        BitConverter.TryWriteBytes(bytes.AsSpan(10), 54);           // offset of the pixel data
        BitConverter.TryWriteBytes(bytes.AsSpan(14), 40);           // BITMAPINFOHEADER
        BitConverter.TryWriteBytes(bytes.AsSpan(18), image.Width);
        BitConverter.TryWriteBytes(bytes.AsSpan(22), image.Height); // positive: rows stored bottom-up
        BitConverter.TryWriteBytes(bytes.AsSpan(26), (short)1);     // planes
        BitConverter.TryWriteBytes(bytes.AsSpan(28), (short)24);    // bits per pixel
        BitConverter.TryWriteBytes(bytes.AsSpan(34), dataSize);
        BitConverter.TryWriteBytes(bytes.AsSpan(38), 2835);         // 72 dpi
        BitConverter.TryWriteBytes(bytes.AsSpan(42), 2835);
        var src = image.Pixels;
        for (int y = 0; y < image.Height; y++)
        {
            int o = 54 + (image.Height - 1 - y) * rowBytes;
            int s = 3 * y * image.Width;
            for (int x = 0; x < image.Width; x++, o += 3, s += 3)
            {
                bytes[o] = src[s + 2];
                bytes[o + 1] = src[s + 1];
                bytes[o + 2] = src[s];
            }
        }
        return bytes;
    }
}
