namespace RedNet.MLNet.Imaging;

/// <summary>
/// RED-Net's colour pipeline, as image math: Y of the low-resolution image (rgb2ycbcr, 0–1 scale) → enlarged by MATLAB
/// bicubic → refined by the network → merged with the low-resolution image's Cb and Cr, each enlarged by bicubic, back to
/// 8-bit RGB. The ML.NET stage transforms (ExtractYChannel, UpscaleBicubic, ApplyRedNet, MergeYChannel) call these same
/// steps one by one; the trainer's validation calls <see cref="Upscale(RgbImage, int, Func{Plane, Plane})"/>.
/// </summary>
public static class LumaSuperResolution
{
    /// <summary>Step 1: the Y plane the network works on, on the 0–1 scale (rgb2ycbcr for every image, grey included).</summary>
    public static Plane ExtractY(RgbImage image) => YCbCr.ExtractY(image).Scaled(1f / 255f);

    /// <summary>Step 2: bicubic enlargement of a Y plane (float, not rounded).</summary>
    public static Plane UpscaleY(Plane y, int scale) => MatlabBicubic.Upscale(y, scale);

    /// <summary>
    /// Step 4: the restored Y (0–1, a whole multiple — the scale — of the size of <paramref name="lowResolution"/>) with the
    /// bicubic-enlarged Cb and Cr of <paramref name="lowResolution"/>, back to 8-bit RGB.
    /// </summary>
    public static RgbImage MergeY(Plane restoredY, RgbImage lowResolution)
    {
        int scale = ScaleBetween(lowResolution.Width, lowResolution.Height, restoredY.Width, restoredY.Height);
        var (_, cb, cr) = YCbCr.Split(lowResolution);
        return YCbCr.Merge(restoredY.Scaled(255f), MatlabBicubic.Upscale(cb, scale), MatlabBicubic.Upscale(cr, scale));
    }

    /// <summary>All four steps, with <paramref name="refineY"/> as step 3 (the network, 0–1 in and out, same size).</summary>
    public static RgbImage Upscale(RgbImage lowResolution, int scale, Func<Plane, Plane> refineY)
    {
        var bicubicY = UpscaleY(ExtractY(lowResolution), scale);
        return MergeY(Refine(bicubicY, refineY), lowResolution);
    }

    /// <summary>
    /// The same four steps for a 16-bit image, with nothing rounded to 8 bits on the way: Y, Cb and Cr from the 16-bit samples
    /// in float, Y enlarged by bicubic and refined by <paramref name="refineY"/> (the network takes and gives floats), merged
    /// back to 16-bit RGB. For an image whose samples are 8-bit levels ·257 the planes are exactly those of the 8-bit path.
    /// </summary>
    public static Rgb16Image Upscale(Rgb16Image lowResolution, int scale, Func<Plane, Plane> refineY)
    {
        ArgumentNullException.ThrowIfNull(lowResolution);
        var (_, cb, cr) = YCbCr.Split(lowResolution);
        var bicubicY = UpscaleY(YCbCr.ExtractY(lowResolution).Scaled(1f / 255f), scale);
        var refined = Refine(bicubicY, refineY);
        return YCbCr.Merge16(refined.Scaled(255f), MatlabBicubic.Upscale(cb, scale), MatlabBicubic.Upscale(cr, scale), lowResolution.SourceIsGrayscale);
    }

    private static Plane Refine(Plane bicubicY, Func<Plane, Plane> refineY)
    {
        var refined = refineY(bicubicY);
        if (refined.Width != bicubicY.Width || refined.Height != bicubicY.Height)
            throw new InvalidOperationException($"The network returned {refined.Width}x{refined.Height} for a {bicubicY.Width}x{bicubicY.Height} input.");
        return refined;
    }

    /// <summary>The integer factor between a low- and a high-resolution size; throws when there is none.</summary>
    public static int ScaleBetween(int lowWidth, int lowHeight, int highWidth, int highHeight)
    {
        if (highWidth % lowWidth != 0 || highHeight % lowHeight != 0 || highWidth / lowWidth != highHeight / lowHeight || highWidth < lowWidth)
            throw new ArgumentException($"A {highWidth}x{highHeight} Y plane is not an integer enlargement of the {lowWidth}x{lowHeight} colour image.");
        return highWidth / lowWidth;
    }
}
