using System.Buffers.Binary;
using System.IO.Compression;

namespace RedNet.MLNet.Imaging;

/// <summary>
/// Reads the exact samples of a 16-bit PNG (grey, grey+alpha, RGB, RGBA; interlaced or not; a tRNS colour key becomes
/// alpha). SkiaSharp 2.88, which ML.NET's image stack needs, decodes such a file only to 8 bits or to half floats (11
/// significant bits), never to its 16-bit samples, so they are read here: zlib (the framework's), the five PNG row filters,
/// Adam7. It runs after SkiaSharp has decoded the same bytes (header checked, pixel limit applied, truncation caught).
/// </summary>
public static class Png16Decoder
{
    private static readonly byte[] Signature = { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A };

    // Adam7: first column, first row, column step, row step of each of the seven passes.
    private static readonly (int X, int Y, int Dx, int Dy)[] Adam7 =
        { (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2) };

    /// <summary>True when <paramref name="encoded"/> is a PNG whose header says 16 bits a sample.</summary>
    public static bool IsSixteenBitPng(ReadOnlySpan<byte> encoded)
        => encoded.Length > 26 && encoded[..8].SequenceEqual(Signature) && encoded.Slice(12, 4).SequenceEqual("IHDR"u8) && encoded[24] == 16;

    /// <summary>
    /// The colour and (when the file has any) alpha samples of a 16-bit PNG, as stored (no EXIF orientation, no colour
    /// profile); null when <paramref name="encoded"/> is not a 16-bit PNG. Throws <see cref="InvalidDataException"/> naming
    /// <paramref name="name"/> when its image data is malformed or short.
    /// </summary>
    public static (Rgb16Image Image, ushort[]? Alpha)? Decode(byte[] encoded, string name)
    {
        if (!IsSixteenBitPng(encoded)) return null;
        int width = 0, height = 0, colorType = 0, interlace = 0;
        ushort[]? colourKey = null;
        using var compressed = new MemoryStream();
        for (int at = 8; at + 12 <= encoded.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(encoded.AsSpan(at));
            if (length < 0 || at + 12L + length > encoded.Length) throw new InvalidDataException($"'{name}': a PNG chunk runs past the end of the file.");
            var type = encoded.AsSpan(at + 4, 4);
            var data = encoded.AsSpan(at + 8, length);
            if (type.SequenceEqual("IHDR"u8))
            {
                if (length < 13) throw new InvalidDataException($"'{name}': the PNG header (IHDR) is {length} bytes, not 13.");
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                colorType = data[9];
                interlace = data[12];
            }
            else if (type.SequenceEqual("tRNS"u8) && data.Length >= 2)
            {
                colourKey = new ushort[data.Length / 2];
                for (int i = 0; i < colourKey.Length; i++) colourKey[i] = BinaryPrimitives.ReadUInt16BigEndian(data[(2 * i)..]);
            }
            else if (type.SequenceEqual("IDAT"u8)) compressed.Write(data);
            else if (type.SequenceEqual("IEND"u8)) break;
            at += 12 + length;
        }
        if (width <= 0 || height <= 0) throw new InvalidDataException($"'{name}': no valid PNG header (IHDR) before the image data.");
        int channels = colorType switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => 0 };
        if (channels == 0) throw new InvalidDataException($"'{name}': not a 16-bit grey or RGB PNG (colour type {colorType}).");

        var samples = new ushort[(long)width * height * channels];
        compressed.Position = 0;
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            var passes = interlace == 1 ? Adam7 : new[] { (0, 0, 1, 1) };
            foreach (var (x0, y0, dx, dy) in passes)
            {
                int passWidth = (width - x0 + dx - 1) / dx, passHeight = (height - y0 + dy - 1) / dy;
                if (passWidth <= 0 || passHeight <= 0) continue;
                ReadPass(zlib, name, samples, width, channels, passWidth, passHeight, x0, y0, dx, dy);
            }
        }
        return Split(samples, width, height, channels, colorType, colourKey);
    }

    // Reads one pass's filtered rows and scatters its samples into the image.
    private static void ReadPass(Stream zlib, string name, ushort[] samples, int width, int channels, int passWidth, int passHeight,
        int x0, int y0, int dx, int dy)
    {
        int bpp = 2 * channels, rowBytes = passWidth * bpp;
        var previous = new byte[rowBytes];
        var row = new byte[rowBytes];
        var filter = new byte[1];
        for (int py = 0; py < passHeight; py++)
        {
            try
            {
                zlib.ReadExactly(filter);
                zlib.ReadExactly(row);
            }
            catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
            {
                throw new InvalidDataException($"'{name}': the 16-bit image data is truncated or corrupt ({e.Message}).", e);
            }
            Unfilter(filter[0], row, previous, bpp, name);
            int y = y0 + py * dy;
            for (int px = 0; px < passWidth; px++)
            {
                long o = ((long)y * width + x0 + px * dx) * channels;
                for (int c = 0; c < channels; c++) samples[o + c] = BinaryPrimitives.ReadUInt16BigEndian(row.AsSpan(px * bpp + 2 * c));
            }
            (previous, row) = (row, previous);
        }
    }

    // Undoes the row's filter in place; the prediction for a byte uses bytes already undone (left) and the previous row.
    private static void Unfilter(byte type, byte[] row, byte[] up, int bpp, string name)
    {
        if (type > 4) throw new InvalidDataException($"'{name}': unknown PNG row filter {type}.");
        for (int i = 0; i < row.Length; i++) row[i] = (byte)(row[i] + PngRowFilter.Predict(type, row, up, i, bpp));
    }

    // Interleaved samples of 1–4 channels → RGB (grey repeated) and alpha (from the alpha channel or the tRNS colour key).
    private static (Rgb16Image, ushort[]?) Split(ushort[] samples, int width, int height, int channels, int colorType, ushort[]? colourKey)
    {
        int n = width * height;
        bool grey = colorType is 0 or 4, hasAlphaChannel = colorType is 4 or 6;
        bool keyed = !hasAlphaChannel && colourKey is not null && colourKey.Length >= (grey ? 1 : 3);
        var rgb = new ushort[3 * n];
        var alpha = hasAlphaChannel || keyed ? new ushort[n] : null;
        for (int i = 0; i < n; i++)
        {
            int s = i * channels;
            ushort r = samples[s], g = grey ? r : samples[s + 1], b = grey ? r : samples[s + 2];
            rgb[3 * i] = r;
            rgb[3 * i + 1] = g;
            rgb[3 * i + 2] = b;
            if (hasAlphaChannel) alpha![i] = samples[s + channels - 1];
            else if (keyed) alpha![i] = (grey ? r == colourKey![0] : r == colourKey![0] && g == colourKey[1] && b == colourKey[2]) ? (ushort)0 : (ushort)65535;
        }
        if (alpha is not null && alpha.All(a => a == 65535)) alpha = null; // opaque everywhere carries nothing
        return (new Rgb16Image(width, height, rgb, sourceIsGrayscale: grey), alpha);
    }
}
