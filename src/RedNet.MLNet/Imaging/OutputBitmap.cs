using SkiaSharp;

namespace RedNet.MLNet.Imaging;

/// <summary>
/// An output image held as the bitmap its encoder reads (RGBA, or one grey byte a pixel), filled a band of rows at a time and
/// encoded straight from it into the target file: the only full-size copy of an enlarged image, where the whole-image path
/// held an <see cref="RgbImage"/>, an RGBA copy, a bitmap and the encoded bytes. Writes the same files as
/// <see cref="ImageCodec.Save(RgbImage, string, byte[])"/>: a grey source as single-channel PNG/JPEG, alpha kept in PNG only, BMP as 24-bit RGB.
/// </summary>
public sealed class OutputBitmap : IImageRows, IDisposable
{
    private readonly SKBitmap _bitmap;
    private readonly SKEncodedImageFormat? _format; // null: BMP, which SkiaSharp does not encode
    private readonly bool _grey;
    private readonly bool _withAlpha;

    /// <param name="width">Width of the output image in pixels.</param>
    /// <param name="height">Height of the output image in pixels.</param>
    /// <param name="target">The file it will be saved to; its extension picks the format (.png, .jpg/.jpeg, .bmp).</param>
    /// <param name="sourceIsGrayscale">Write one grey channel (from G, as <see cref="ImageCodec.Encode(RgbImage, string, byte[])"/> does).</param>
    /// <param name="hasAlpha">The rows carry alpha; kept when the format holds it (<see cref="ImageCodec.KeepsAlpha"/>).</param>
    public OutputBitmap(int width, int height, string target, bool sourceIsGrayscale, bool hasAlpha)
    {
        var format = ImageCodec.OutputFormat(target, nameof(target));
        _format = format == SKEncodedImageFormat.Bmp ? null : format;
        _withAlpha = hasAlpha && _format == SKEncodedImageFormat.Png;
        _grey = sourceIsGrayscale && !_withAlpha && _format is not null;
        var info = _grey
            ? new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque)
            : new SKImageInfo(width, height, SKColorType.Rgba8888, _withAlpha ? SKAlphaType.Unpremul : SKAlphaType.Opaque);
        _bitmap = new SKBitmap(info);
        if (_bitmap.GetPixels() == IntPtr.Zero) throw new OutOfMemoryException($"No memory for a {width}x{height} output bitmap.");
        Width = width;
        Height = height;
    }

    public int Width { get; }
    public int Height { get; }

    public void WriteRows(int firstRow, int rowCount, ReadOnlySpan<byte> rgb, ReadOnlySpan<byte> alpha)
    {
        if (firstRow < 0 || rowCount < 0 || firstRow + rowCount > Height) throw new ArgumentOutOfRangeException(nameof(firstRow));
        int w = Width;
        for (int r = 0; r < rowCount; r++)
        {
            var source = rgb.Slice(3 * w * r, 3 * w);
            var row = Row(firstRow + r);
            if (_grey) PixelRows.GreenToGrey(source, row);
            else PixelRows.RgbToRgba(source, _withAlpha && !alpha.IsEmpty ? alpha.Slice(w * r, w) : default, row);
        }
    }

    /// <summary>The colour as an <see cref="RgbImage"/> (a copy; grey bitmaps give R = G = B).</summary>
    public RgbImage ToRgbImage()
    {
        var image = RgbImage.Create(Width, Height, _grey);
        for (int y = 0; y < Height; y++)
        {
            var row = Row(y);
            var dst = image.Pixels.AsSpan(3 * Width * y, 3 * Width);
            if (!_grey)
            {
                PixelRows.RgbaToRgb(row, dst);
                continue;
            }
            for (int x = 0; x < Width; x++) dst[3 * x] = dst[3 * x + 1] = dst[3 * x + 2] = row[x];
        }
        return image;
    }

    /// <summary>Encodes into <paramref name="path"/> atomically (temporary file, then rename; see <see cref="AtomicFile"/>).</summary>
    public void Save(string path) => AtomicFile.Write(path, stream =>
    {
        if (_format is not { } format)
        {
            BmpEncoder.Write(stream, Width, Height, (y, rgb) => PixelRows.RgbaToRgb(Row(y), rgb));
            return;
        }
        if (format == SKEncodedImageFormat.Png)
        {
            WritePng(stream);
            return;
        }
        using var output = new SKManagedWStream(stream);
        ImageCodec.Encode(_bitmap, output, format);
    });

    // The bitmap's rows as they are (grey, or RGBA with alpha), or as RGB when opaque.
    private void WritePng(Stream stream)
    {
        int channels = _grey ? 1 : _withAlpha ? 4 : 3;
        using var writer = new PngWriter(stream, Width, Height, channels);
        var rgb = channels == 3 ? new byte[3 * Width] : null;
        for (int y = 0; y < Height; y++)
        {
            var row = Row(y);
            if (rgb is null)
            {
                writer.WriteRow(row);
                continue;
            }
            PixelRows.RgbaToRgb(row, rgb);
            writer.WriteRow(rgb);
        }
        writer.Finish();
    }

    public void Dispose() => _bitmap.Dispose();

    private unsafe Span<byte> Row(int y)
        => new((byte*)_bitmap.GetPixels() + (long)y * _bitmap.RowBytes, _grey ? Width : 4 * Width);
}
