using Microsoft.ML.Data;
using RedNet.MLNet.Imaging;

namespace RedNet.MLNet;

/// <summary>Converts between ML.NET's <see cref="MLImage"/> and the image math's <see cref="RgbImage"/> (alpha dropped).</summary>
public static class MLImageConversion
{
    public static RgbImage ToRgbImage(this MLImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.PixelFormat switch
        {
            MLPixelFormat.Bgra32 => ImageCodec.FromPixels32(image.Width, image.Height, image.Pixels, bgra: true),
            MLPixelFormat.Rgba32 => ImageCodec.FromPixels32(image.Width, image.Height, image.Pixels, bgra: false),
            _ => throw new InvalidDataException($"Unsupported pixel format {image.PixelFormat}" + (image.Tag is { } t ? $" in '{t}'." : ".")),
        };
    }

    /// <summary>An opaque RGBA <see cref="MLImage"/> with the pixels of <paramref name="image"/>.</summary>
    public static MLImage ToMLImage(this RgbImage image, string? tag = null)
    {
        var result = MLImage.CreateFromPixels(image.Width, image.Height, MLPixelFormat.Rgba32, ImageCodec.ToPixels32(image, bgra: false));
        if (tag is not null) result.Tag = tag;
        return result;
    }
}
