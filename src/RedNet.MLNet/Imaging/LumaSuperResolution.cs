namespace RedNet.MLNet.Imaging;

/// <summary>
/// RED-Net's colour pipeline, as image math: Y, Cb, Cr of the low-resolution image (rgb2ycbcr) → each plane enlarged by
/// MATLAB bicubic → the network refines Y (on the 0–1 scale) → YCbCr back to 8-bit RGB. The ML.NET stage transforms run
/// these same steps one by one; the trainer's validation runs them through this method.
/// </summary>
public static class LumaSuperResolution
{
    /// <summary>Enlarges <paramref name="lowResolution"/> <paramref name="scale"/> times.</summary>
    /// <param name="refineY">The network: takes the bicubic Y on the 0–1 scale, returns the restored Y (same size), 0–1.</param>
    public static RgbImage Upscale(RgbImage lowResolution, int scale, Func<Plane, Plane> refineY)
    {
        var (y, cb, cr) = YCbCr.Split(lowResolution);
        var bicubicY = MatlabBicubic.Upscale(y, scale).Scaled(1f / 255f);
        var refined = refineY(bicubicY);
        if (refined.Width != bicubicY.Width || refined.Height != bicubicY.Height)
            throw new InvalidOperationException($"The network returned {refined.Width}x{refined.Height} for a {bicubicY.Width}x{bicubicY.Height} input.");
        return YCbCr.Merge(refined.Scaled(255f), MatlabBicubic.Upscale(cb, scale), MatlabBicubic.Upscale(cr, scale));
    }
}
