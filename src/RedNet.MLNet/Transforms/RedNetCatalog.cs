using Microsoft.ML;

namespace RedNet.MLNet;

/// <summary>
/// RedNet's transforms for ML.NET pipelines (<c>mlContext.Transforms.RedNetUpscale()</c> and the stages it is made of) and the
/// super-resolution evaluator (<c>mlContext.RedNet().Evaluate(...)</c>).
/// </summary>
public static class RedNetCatalog
{
    /// <summary>
    /// Enlarges each image of <paramref name="inputColumnName"/> <c>options.Scale</c> times with RED-Net (Y channel) and
    /// bicubic (Cb, Cr), into <paramref name="outputColumnName"/>. Both columns hold <c>MLImage</c>s.
    /// </summary>
    /// <param name="catalog">The transform's catalog.</param>
    /// <param name="outputColumnName">Name of the column resulting from the transformation of <paramref name="inputColumnName"/>.</param>
    /// <param name="inputColumnName">Name of the image column to enlarge (e.g. from <c>LoadImages</c>).</param>
    /// <param name="options">Scale, model, device, tiling and self-ensemble; null for the defaults (x2, embedded model, CPU).</param>
    public static RedNetUpscalingEstimator RedNetUpscale(this TransformsCatalog catalog, string outputColumnName = "Upscaled",
        string inputColumnName = "Image", RedNetUpscaleOptions? options = null)
        => new(catalog, outputColumnName, inputColumnName, options);

    /// <summary>
    /// Loads the images a text column of paths names, like ML.NET's <c>LoadImages</c> but refusing what would hang or exhaust
    /// the process: paths that are not regular files (FIFOs, devices), images whose header gives more than
    /// <paramref name="maxPixels"/> pixels (checked before decoding) and truncated files. Errors name the row and the file.
    /// </summary>
    /// <param name="catalog">The transform's catalog.</param>
    /// <param name="outputColumnName">Name of the resulting <c>MLImage</c> column.</param>
    /// <param name="inputColumnName">Name of the text column of image paths (absolute, or relative to the current folder).</param>
    /// <param name="maxPixels">The pixel limit (default 40 megapixels).</param>
    public static CheckedImageLoadingEstimator LoadImagesChecked(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        long maxPixels = Imaging.ImageFile.DefaultMaxPixels)
        => new(catalog, outputColumnName, inputColumnName, maxPixels);

    /// <summary>The protocol's low-resolution images: modcrop to a multiple of <paramref name="factor"/>, then MATLAB bicubic 1/<paramref name="factor"/>.</summary>
    /// <param name="catalog">The transform's catalog.</param>
    /// <param name="outputColumnName">Name of the resulting <c>MLImage</c> column.</param>
    /// <param name="inputColumnName">Name of the high-resolution <c>MLImage</c> column.</param>
    /// <param name="factor">Shrink factor, 2 to 8.</param>
    public static BicubicDownscalingEstimator DownscaleBicubic(this TransformsCatalog catalog, string outputColumnName, string inputColumnName, int factor)
        => new(catalog, outputColumnName, inputColumnName, factor);

    /// <summary>Stage 1 of <see cref="RedNetUpscale"/>: the Y channel (rgb2ycbcr, 0–1) of an <c>MLImage</c> column as a Y-plane vector.</summary>
    public static YChannelExtractingEstimator ExtractYChannel(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null)
        => new(catalog, outputColumnName, inputColumnName);

    /// <summary>Stage 2 of <see cref="RedNetUpscale"/>: a Y-plane column enlarged <paramref name="factor"/> times by MATLAB bicubic.</summary>
    public static BicubicUpscalingEstimator UpscaleBicubic(this TransformsCatalog catalog, string outputColumnName, string inputColumnName, int factor)
        => new(catalog, outputColumnName, factor, inputColumnName);

    /// <summary>Stage 3 of <see cref="RedNetUpscale"/>: RED-Net on a bicubic-enlarged Y-plane column.</summary>
    public static RedNetApplyingEstimator ApplyRedNet(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null,
        ApplyRedNetOptions? options = null)
        => new(catalog, outputColumnName, inputColumnName, options);

    /// <summary>Stage 4 of <see cref="RedNetUpscale"/>: a colour <c>MLImage</c> from a restored Y plane and the low-resolution colour image.</summary>
    public static YChannelMergingEstimator MergeYChannel(this TransformsCatalog catalog, string outputColumnName, string yColumnName, string colorColumnName)
        => new(catalog, outputColumnName, yColumnName, colorColumnName);

    /// <summary>Adds a per-row PSNR (dB, Y channel, <paramref name="scale"/> pixels shaved) of <paramref name="scoreColumnName"/> against <paramref name="labelColumnName"/>.</summary>
    public static PsnrComputingEstimator ComputePsnr(this TransformsCatalog catalog, string outputColumnName, string labelColumnName, string scoreColumnName, int scale)
        => new(catalog, outputColumnName, labelColumnName, scoreColumnName, scale);

    /// <summary>RedNet's operations that need the <see cref="MLContext"/> itself (evaluation, loading saved pipelines).
    /// Registers RedNet's types and mapping contracts with <paramref name="mlContext"/>.</summary>
    public static RedNetContextCatalog RedNet(this MLContext mlContext) => new(mlContext);
}
