namespace RedNet.MLNet.Imaging;

/// <summary>
/// An 8-bit PNG file compressed as its rows arrive, under a temporary name until <see cref="Commit"/> renames it into place
/// (<see cref="AtomicFile.Begin"/>): an enlarged image goes to disk a strip at a time and is never whole in memory, where
/// <see cref="OutputBitmap"/> holds a full-size RGBA bitmap (4 bytes an output pixel) and compresses it only at the end.
/// Writes what <see cref="OutputBitmap"/> writes to PNG: grey sources as one grey channel (from G), alpha kept as RGBA.
/// </summary>
public sealed class StreamingPngFile : IImageRows, IDisposable
{
    private readonly AtomicFile.PendingFile _file;
    private readonly PngWriter _writer;
    private readonly byte[]? _row; // one interleaved row, for grey and RGBA (RGB rows go to the writer as they come)
    private int _nextRow;

    /// <param name="width">Width of the image in pixels.</param>
    /// <param name="height">Height of the image in pixels.</param>
    /// <param name="target">The .png file it becomes once committed.</param>
    /// <param name="sourceIsGrayscale">Write one grey channel (G of the rows), unless alpha is kept.</param>
    /// <param name="hasAlpha">The rows carry alpha, written as RGBA.</param>
    public StreamingPngFile(int width, int height, string target, bool sourceIsGrayscale, bool hasAlpha)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!ImageCodec.IsPng(target))
            throw new ArgumentException($"'{target}' is not a .png file.", nameof(target));
        Width = width;
        Height = height;
        Channels = hasAlpha ? 4 : sourceIsGrayscale ? 1 : 3;
        _row = Channels == 3 ? null : new byte[Channels * width];
        _file = AtomicFile.Begin(target);
        try
        {
            _writer = new PngWriter(_file.Stream, width, height, Channels);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>The full path of the file it becomes.</summary>
    public string Target => _file.Target;

    /// <summary>1 (grey), 3 (RGB) or 4 (RGBA): what the file holds.</summary>
    public int Channels { get; }

    /// <summary>The rows must come in order, top to bottom (PNG is one compressed stream).</summary>
    public void WriteRows(int firstRow, int rowCount, ReadOnlySpan<byte> rgb, ReadOnlySpan<byte> alpha)
    {
        if (firstRow != _nextRow) throw new InvalidOperationException($"Rows are written in order: row {_nextRow} is next, not {firstRow}.");
        if (rowCount < 0 || firstRow + rowCount > Height) throw new ArgumentOutOfRangeException(nameof(rowCount), $"Rows {firstRow}–{firstRow + rowCount} are not in the image's {Height}.");
        if (Channels == 4 && alpha.Length < rowCount * Width) throw new ArgumentException("An RGBA file needs the rows' alpha.", nameof(alpha));
        int w = Width;
        for (int r = 0; r < rowCount; r++)
        {
            var source = rgb.Slice(3 * w * r, 3 * w);
            if (_row is null)
            {
                _writer.WriteRow(source);
                continue;
            }
            if (Channels == 1) PixelRows.GreenToGrey(source, _row);
            else PixelRows.RgbToRgba(source, alpha.Slice(w * r, w), _row);
            _writer.WriteRow(_row);
        }
        _nextRow += rowCount;
    }

    /// <summary>Ends the PNG (every row must have been written), flushes it to disk and renames it into place.</summary>
    public void Commit()
    {
        _writer.Finish();
        _file.Commit();
    }

    /// <summary>Without <see cref="Commit"/>, deletes the temporary file: nothing half-written is left.</summary>
    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }
}
