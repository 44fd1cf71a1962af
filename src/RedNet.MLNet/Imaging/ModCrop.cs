namespace RedNet.MLNet.Imaging;

/// <summary>
/// MATLAB's <c>modcrop</c>: keeps the top-left part whose sides are multiples of the scale,
/// so that downscaling by 1/s and upscaling by s gives back the same size.
/// </summary>
public static class ModCrop
{
    public static RgbImage Apply(RgbImage image, int scale)
    {
        var (w, h) = Size(image.Width, image.Height, scale);
        return w == image.Width && h == image.Height ? image : image.Crop(0, 0, w, h);
    }

    public static Plane Apply(Plane plane, int scale)
    {
        var (w, h) = Size(plane.Width, plane.Height, scale);
        return w == plane.Width && h == plane.Height ? plane : plane.Crop(0, 0, w, h);
    }

    /// <summary>The size after modcrop; throws when a side is smaller than the scale.</summary>
    public static (int Width, int Height) Size(int width, int height, int scale)
    {
        if (scale < 1) throw new ArgumentOutOfRangeException(nameof(scale), scale, "Scale must be at least 1.");
        int w = width - width % scale, h = height - height % scale;
        if (w == 0 || h == 0)
            throw new ArgumentOutOfRangeException(nameof(scale), $"A {width}x{height} image is smaller than the scale factor {scale}.");
        return (w, h);
    }
}
