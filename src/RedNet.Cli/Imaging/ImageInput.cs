using RedNet.MLNet.Imaging;
using SkiaSharp;

namespace RedNet.Cli.Imaging;

/// <summary>
/// Opens an input image for the tool's verbs: a clear error naming the file when it is missing, a folder, of a format the
/// tool does not read, or larger than a pixel limit (checked from the header, before any decoding), then
/// <see cref="ImageCodec.DecodeDetailed(string, long)"/>, whose errors name the file too (empty, truncated, not an image).
/// </summary>
public static class ImageInput
{
    /// <summary>The encoded formats accepted as input (what <see cref="ImageCodec"/> decodes).</summary>
    public static readonly IReadOnlySet<SKEncodedImageFormat> Formats = new HashSet<SKEncodedImageFormat>
    {
        SKEncodedImageFormat.Png, SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Bmp, SKEncodedImageFormat.Gif, SKEncodedImageFormat.Webp,
    };

    /// <summary>Decodes <paramref name="path"/>; throws <see cref="InvalidDataException"/> naming it when it cannot be used.</summary>
    /// <param name="maxPixels">Refuse images with more pixels than this, from the header, before decoding.</param>
    /// <param name="limitName">How the limit is called in the error (e.g. the option that sets it).</param>
    public static RgbImage Load(string path, long maxPixels = ImageFile.DefaultMaxPixels, string limitName = "--max-pixels")
        => Open(path, maxPixels, limitName).Image;

    /// <summary><see cref="Load"/> with the alpha channel and the decoder's notes (<see cref="ImageCodec.DecodeDetailed(string, long)"/>).</summary>
    public static DecodedImage Open(string path, long maxPixels = ImageFile.DefaultMaxPixels, string limitName = "--max-pixels")
    {
        ImageFile.RequireRegularFile(path); // before anything opens it: a FIFO would block, a device never ends
        if (ImageHeader.TryRead(path) is { } header)
        {
            if (!Formats.Contains(header.Format))
                throw new InvalidDataException($"'{path}': unsupported image format {header.Format} (PNG, JPEG, BMP, GIF and WebP are read).");
            ImageCodec.CheckPixels(path, header.Width, header.Height, maxPixels, limitName);
        }
        return ImageCodec.DecodeDetailed(path, maxPixels);
    }
}
