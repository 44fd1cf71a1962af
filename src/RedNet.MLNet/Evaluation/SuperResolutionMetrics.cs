namespace RedNet.MLNet;

/// <summary>PSNR and SSIM of one row.</summary>
/// <param name="Row">0-based row index in the data view.</param>
/// <param name="Name">The label image's tag (its path, for images from <c>LoadImages</c>), or null.</param>
/// <param name="Psnr">PSNR in dB on Y (or the grey level), borders of <c>scale</c> pixels shaved, peak 255.</param>
/// <param name="Ssim">SSIM (Wang et al.: 11×11 Gaussian window, σ 1.5) on the same pixels.</param>
public sealed record RowQuality(long Row, string? Name, double Psnr, double Ssim);

/// <summary>
/// Super-resolution quality of a data view, on the field's protocol: Y channel (MATLAB rgb2ycbcr; the grey level for labels
/// loaded from single-channel files), <see cref="Scale"/> pixels
/// shaved from each side, PSNR with peak 255 and SSIM (Wang et al.: 11×11 Gaussian window, σ = 1.5). Higher is better for both.
/// </summary>
public sealed class SuperResolutionMetrics
{
    internal SuperResolutionMetrics(int scale, IReadOnlyList<RowQuality> rows)
    {
        Scale = scale;
        PerRow = rows;
        Psnr = rows.Count == 0 ? double.NaN : rows.Average(r => r.Psnr);
        Ssim = rows.Count == 0 ? double.NaN : rows.Average(r => r.Ssim);
    }

    /// <summary>Mean over rows of each row's PSNR in dB: 10·log10(255² / MSE). +∞ if any row is identical to its label.</summary>
    public double Psnr { get; }

    /// <summary>Mean over rows of each row's mean SSIM; 1 means identical.</summary>
    public double Ssim { get; }

    /// <summary>The scale factor (= pixels shaved from each border).</summary>
    public int Scale { get; }

    /// <summary>Each row's values, in row order.</summary>
    public IReadOnlyList<RowQuality> PerRow { get; }

    public int Count => PerRow.Count;
}
