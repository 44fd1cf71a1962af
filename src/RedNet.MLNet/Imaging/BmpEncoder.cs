namespace RedNet.MLNet.Imaging;

/// <summary>
/// Writes 24-bit uncompressed BMP. SkiaSharp 2.88 decodes BMP but has no BMP encoder, and BMP is the format
/// of the T91 training set, so writing it back must work.
/// </summary>
internal static class BmpEncoder
{
    /// <summary>Fills <c>rgb</c> (3·width bytes, R G B interleaved) with image row <c>y</c>.</summary>
    public delegate void RowReader(int y, Span<byte> rgb);

    public static byte[] Encode(RgbImage image)
    {
        var buffer = new MemoryStream(54 + RowBytes(image.Width) * image.Height);
        Write(buffer, image.Width, image.Height, (y, rgb) => image.Pixels.AsSpan(3 * y * image.Width, 3 * image.Width).CopyTo(rgb));
        return buffer.ToArray();
    }

    /// <summary>Writes the file to <paramref name="stream"/>, reading one row at a time (bottom row first, as BMP stores them).</summary>
    public static void Write(Stream stream, int width, int height, RowReader readRow)
    {
        int rowBytes = RowBytes(width);
        int dataSize = rowBytes * height;
        var header = new byte[54];
        header[0] = (byte)'B';
        header[1] = (byte)'M';
        BitConverter.TryWriteBytes(header.AsSpan(2), 54 + dataSize);
        BitConverter.TryWriteBytes(header.AsSpan(10), 54);           // offset of the pixel data
        BitConverter.TryWriteBytes(header.AsSpan(14), 40);           // BITMAPINFOHEADER
        BitConverter.TryWriteBytes(header.AsSpan(18), width);
        BitConverter.TryWriteBytes(header.AsSpan(22), height);       // positive: rows stored bottom-up
        BitConverter.TryWriteBytes(header.AsSpan(26), (short)1);     // planes
        BitConverter.TryWriteBytes(header.AsSpan(28), (short)24);    // bits per pixel
        BitConverter.TryWriteBytes(header.AsSpan(34), dataSize);
        BitConverter.TryWriteBytes(header.AsSpan(38), 2835);         // 72 dpi
        BitConverter.TryWriteBytes(header.AsSpan(42), 2835);
        stream.Write(header);
        var rgb = new byte[3 * width];
        var row = new byte[rowBytes]; // the padding bytes stay zero
        for (int y = height - 1; y >= 0; y--)
        {
            readRow(y, rgb);
            for (int x = 0, o = 0; x < width; x++, o += 3)
            {
                row[o] = rgb[o + 2];
                row[o + 1] = rgb[o + 1];
                row[o + 2] = rgb[o];
            }
            stream.Write(row);
        }
    }

    private static int RowBytes(int width) => (3 * width + 3) & ~3; // rows are padded to 4 bytes
}
