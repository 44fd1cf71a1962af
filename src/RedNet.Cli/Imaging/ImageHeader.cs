using SkiaSharp;

namespace RedNet.Cli.Imaging;

/// <summary>An image file's format and size, read from its header without decoding the pixels.</summary>
public readonly record struct ImageHeader(SKEncodedImageFormat Format, int Width, int Height)
{
    public long Pixels => (long)Width * Height;

    /// <summary>
    /// Reads the header of <paramref name="path"/>, or returns null when SkiaSharp recognises no image there (the decoder then
    /// gives the precise reason: empty, truncated, not an image). Only the first bytes are read, so a huge file costs nothing.
    /// </summary>
    public static ImageHeader? TryRead(string path)
    {
        if (RedNet.MLNet.Imaging.ImageFile.KindOf(path) is { } kind && kind != "regular file") return null; // never open a FIFO or device
        using var codec = SKCodec.Create(path, out _);
        return codec is null ? null : new ImageHeader(codec.EncodedFormat, codec.Info.Width, codec.Info.Height);
    }
}
