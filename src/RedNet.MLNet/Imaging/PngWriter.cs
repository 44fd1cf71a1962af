using System.IO.Compression;
using System.Numerics;

namespace RedNet.MLNet.Imaging;

/// <summary>
/// Writes an 8-bit PNG (grey, RGB or RGBA) to a stream one row at a time, so an image produced a band of rows at a time is
/// encoded as it comes and never needs to be whole in memory as PNG bytes. Every row gets the Sub filter and the rows go
/// through the framework's zlib (zlib-ng since .NET 9) at level <see cref="ZlibLevel"/>: on a 4000×3000 result 0.64 s for
/// 13.95 MB, where SkiaSharp 2.88's encoder (zlib level 3, Sub) took 0.77 s for 13.99 MB on a ready bitmap and about 1 s with
/// the RGBA copy it needs (benchmarks/RESULTS.md, `png-encode`). The pixels are the same either way; only the bytes differ.
/// </summary>
public sealed class PngWriter : IDisposable
{
    /// <summary>zlib's level 1–9: 4 gives files no larger than SkiaSharp's level 3 with Sub did, in less time (measured, see above).</summary>
    public const int ZlibLevel = 4;

    private readonly Stream _output;
    private readonly IdatStream _idat;
    private readonly ZLibStream _zlib;
    private readonly byte[] _filtered;
    private int _rowsWritten;
    private bool _finished;

    /// <param name="output">Receives the file's bytes; left open.</param>
    /// <param name="width">Pixels per row.</param>
    /// <param name="height">Rows; <see cref="Finish"/> checks that exactly this many were written.</param>
    /// <param name="channels">1 (grey), 3 (RGB) or 4 (RGBA, alpha not premultiplied).</param>
    public PngWriter(Stream output, int width, int height, int channels)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), $"A PNG needs at least one pixel; got {width}x{height}.");
        if (channels is not (1 or 3 or 4)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channels must be 1 (grey), 3 (RGB) or 4 (RGBA).");
        if ((long)width * channels + 1 > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(width), width, "Rows this wide do not fit in memory.");
        _output = output;
        Width = width;
        Height = height;
        Channels = channels;
        _output.Write(PngChunks.Signature);
        PngChunks.Write(_output, "IHDR"u8, PngChunks.Header(width, height, 8, channels switch { 1 => 0, 3 => 2, _ => 6 }));
        _idat = new IdatStream(_output);
        _zlib = new ZLibStream(_idat, new ZLibCompressionOptions { CompressionLevel = ZlibLevel }, leaveOpen: true);
        _filtered = new byte[1 + width * channels];
    }

    public int Width { get; }
    public int Height { get; }
    public int Channels { get; }

    /// <summary>Compresses the next row: <see cref="Width"/> × <see cref="Channels"/> interleaved samples.</summary>
    public void WriteRow(ReadOnlySpan<byte> samples)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        int rowBytes = Width * Channels;
        if (samples.Length != rowBytes) throw new ArgumentException($"A row holds {rowBytes} bytes; got {samples.Length}.", nameof(samples));
        if (_rowsWritten == Height) throw new InvalidOperationException($"All {Height} rows are written already.");
        SubFilter(samples, Channels, _filtered);
        _zlib.Write(_filtered);
        _rowsWritten++;
    }

    /// <summary>Ends the compressed data and writes the last IDAT and IEND; every row must have been written.</summary>
    public void Finish()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_rowsWritten != Height) throw new InvalidOperationException($"Only {_rowsWritten} of {Height} rows were written.");
        _zlib.Dispose();
        _idat.Flush();
        PngChunks.Write(_output, "IEND"u8, ReadOnlySpan<byte>.Empty);
        _finished = true;
    }

    /// <summary>Releases the compressor; a writer disposed before <see cref="Finish"/> has written an incomplete file.</summary>
    public void Dispose()
    {
        if (_finished) return;
        _finished = true;
        _zlib.Dispose();
    }

    /// <summary>
    /// PNG's Sub filter (type 1): each byte minus the byte one pixel to its left (0 for the first pixel), modulo 256, after
    /// the filter-type byte. Byte vectors wrap exactly as the filter does, so it runs a vector at a time.
    /// </summary>
    internal static void SubFilter(ReadOnlySpan<byte> row, int bytesPerPixel, Span<byte> filtered)
    {
        filtered[0] = 1;
        var output = filtered[1..];
        row[..bytesPerPixel].CopyTo(output);
        int i = bytesPerPixel;
        for (; i + Vector<byte>.Count <= row.Length; i += Vector<byte>.Count)
            (new Vector<byte>(row[i..]) - new Vector<byte>(row[(i - bytesPerPixel)..])).CopyTo(output[i..]);
        for (; i < row.Length; i++) output[i] = (byte)(row[i] - row[i - bytesPerPixel]);
    }

    // Cuts the compressed stream into IDAT chunks of at most ChunkBytes, so nothing beyond one chunk is held.
    private sealed class IdatStream : Stream
    {
        private const int ChunkBytes = 1 << 18;
        private readonly Stream _png;
        private readonly byte[] _buffer = new byte[ChunkBytes];
        private int _count;

        public IdatStream(Stream png) => _png = png;

        public override void Write(ReadOnlySpan<byte> data)
        {
            while (!data.IsEmpty)
            {
                int n = Math.Min(data.Length, ChunkBytes - _count);
                data[..n].CopyTo(_buffer.AsSpan(_count));
                _count += n;
                data = data[n..];
                if (_count == ChunkBytes) Flush();
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
            if (_count == 0) return;
            PngChunks.Write(_png, "IDAT"u8, _buffer.AsSpan(0, _count));
            _count = 0;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
