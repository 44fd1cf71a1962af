using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Metrics;

/// <summary>PSNR (dB) and SSIM of one super-resolved image against its ground truth.</summary>
public readonly record struct QualityScore(double Psnr, double Ssim);

/// <summary>
/// The super-resolution protocol's scoring: Y channel (rgb2ycbcr; grey sources are their own Y) on the 0–255 scale,
/// <c>scale</c> pixels shaved from every side, PSNR with peak 255 and SSIM with L = 255.
/// The CLI's <c>eval</c>, the trainer's validation and the ML.NET evaluator all call this one method.
/// </summary>
public static class SuperResolutionQuality
{
    /// <summary>Scores <paramref name="superResolved"/> against <paramref name="groundTruth"/> (same size).</summary>
    public static QualityScore Measure(RgbImage groundTruth, RgbImage superResolved, int scale)
        => Measure(YCbCr.Luma(groundTruth), LumaLike(groundTruth, superResolved), scale);

    /// <summary>
    /// Scores <paramref name="superResolved"/> against a ground truth that may still be uncropped: the ground truth is first
    /// modcropped to a multiple of <paramref name="scale"/> (as the protocol makes its low-resolution input), then both must
    /// have the same size.
    /// </summary>
    public static QualityScore MeasureAgainstHighResolution(RgbImage highResolution, RgbImage superResolved, int scale)
    {
        var truth = highResolution.Width == superResolved.Width && highResolution.Height == superResolved.Height
            ? highResolution
            : ModCrop.Apply(highResolution, scale);
        if (truth.Width != superResolved.Width || truth.Height != superResolved.Height)
            throw new ArgumentException($"the ground truth is {highResolution.Width}x{highResolution.Height} ({truth.Width}x{truth.Height} after modcrop to x{scale}) but the result is {superResolved.Width}x{superResolved.Height}");
        return Measure(truth, superResolved, scale);
    }

    /// <summary>Scores two Y planes (0–255) after shaving <paramref name="shave"/> pixels from each side.</summary>
    public static QualityScore Measure(Plane groundTruthY, Plane superResolvedY, int shave)
    {
        PlaneChecks.SameSize(groundTruthY, superResolvedY);
        var a = groundTruthY.Shave(shave);
        var b = superResolvedY.Shave(shave);
        return new QualityScore(Psnr.Compute(a, b), Ssim.Compute(a, b));
    }

    // An output made from a grey source is scored on the same definition of Y as its ground truth: its grey level
    // (the mean of R, G, B, which are equal when the output was made as grey).
    private static Plane LumaLike(RgbImage groundTruth, RgbImage image)
        => groundTruth.SourceIsGrayscale && !image.SourceIsGrayscale ? YCbCr.GrayLevel(image) : YCbCr.Luma(image);
}
