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
    private static readonly byte[] Signature = { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A };
    private static readonly uint[] CrcTable = BuildCrcTable();

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

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), image.Height);
        ihdr[8] = 16;
        ihdr[9] = colorType;

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
        png.Write(Signature);
        WriteChunk(png, "IHDR"u8, ihdr);
        WriteChunk(png, "IDAT"u8, idat.ToArray());
        WriteChunk(png, "IEND"u8, ReadOnlySpan<byte>.Empty);
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

    private static void WriteChunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        png.Write(type);
        png.Write(data);
        uint crc = Crc(Crc(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        png.Write(word);
    }

    // The PNG/zlib CRC-32 (polynomial 0xEDB88320), table-driven.
    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
