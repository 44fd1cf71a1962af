using System.Buffers.Binary;
using System.IO.Compression;

namespace RedNet.MLNet.Imaging;

/// <summary>
/// Writes a 16-bit PNG: grey or RGB, with or without alpha. SkiaSharp 2.88 cannot (it has no 16-bit grey colour type, and
/// writes 16 bits only from half floats, which hold 11 significant bits), so the file is built here: IHDR, one zlib IDAT
/// (the framework's compressor, each row with the PNG filter that leaves the smallest absolute sum, as libpng chooses), IEND.
/// </summary>
public static class Png16Encoder
{
    /// <summary>
    /// Encodes <paramref name="image"/>: a grey one (<see cref="Rgb16Image.SourceIsGrayscale"/>, its G samples) as grey,
    /// else RGB; with <paramref name="alpha"/> (one sample a pixel), grey+alpha or RGBA.
    /// </summary>
    public static byte[] Encode(Rgb16Image image, ushort[]? alpha = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        int n = image.Width * image.Height;
        if (alpha is not null && alpha.Length != n) throw new ArgumentException($"Expected {n} alpha samples, got {alpha.Length}.", nameof(alpha));
        bool grey = image.SourceIsGrayscale;
        int channels = (grey ? 1 : 3) + (alpha is null ? 0 : 1);
        byte colorType = (byte)(grey ? (alpha is null ? 0 : 4) : (alpha is null ? 2 : 6));

        using var idat = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true))
        {
            int rowBytes = 2 * channels * image.Width, bpp = 2 * channels;
            var previous = new byte[rowBytes];
            var row = new byte[rowBytes];
            var filtered = new byte[5][];
            for (int f = 0; f < 5; f++) filtered[f] = new byte[rowBytes];
            var s = image.Samples;
            for (int y = 0; y < image.Height; y++)
            {
                for (int x = 0, o = 0; x < image.Width; x++)
                {
                    int p = y * image.Width + x;
                    if (grey) Put(row, ref o, s[3 * p + 1]);
                    else
                    {
                        Put(row, ref o, s[3 * p]);
                        Put(row, ref o, s[3 * p + 1]);
                        Put(row, ref o, s[3 * p + 2]);
                    }
                    if (alpha is not null) Put(row, ref o, alpha[p]);
                }
                int best = Filter(row, previous, bpp, filtered);
                zlib.WriteByte((byte)best);
                zlib.Write(filtered[best]);
                (previous, row) = (row, previous);
            }
        }

        using var png = new MemoryStream();
        png.Write(PngChunks.Signature);
        PngChunks.Write(png, "IHDR"u8, PngChunks.Header(image.Width, image.Height, 16, colorType));
        PngChunks.Write(png, "IDAT"u8, idat.ToArray());
        PngChunks.Write(png, "IEND"u8, ReadOnlySpan<byte>.Empty);
        return png.ToArray();
    }

    private static void Put(byte[] row, ref int offset, ushort sample)
    {
        BinaryPrimitives.WriteUInt16BigEndian(row.AsSpan(offset), sample);
        offset += 2;
    }

    // Fills filtered[0..4] with the row under each filter and returns the one with the smallest sum of |signed bytes|.
    private static int Filter(byte[] row, byte[] up, int bpp, byte[][] filtered)
    {
        int best = 0;
        long bestSum = long.MaxValue;
        for (int f = 0; f < 5; f++)
        {
            long sum = 0;
            var output = filtered[f];
            for (int i = 0; i < row.Length; i++)
            {
                output[i] = (byte)(row[i] - PngRowFilter.Predict(f, row, up, i, bpp));
                sum += Math.Abs((int)(sbyte)output[i]); // (int): |−128| does not fit an sbyte
            }
            if (sum < bestSum) (best, bestSum) = (f, sum);
        }
        return best;
    }
}
