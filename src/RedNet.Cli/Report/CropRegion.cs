using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Report;

/// <summary>A rectangle of an image, in pixels.</summary>
public readonly record struct CropRegion(int X, int Y, int Width, int Height)
{
    /// <summary>
    /// The <paramref name="side"/>×<paramref name="side"/> window (smaller if the image is) where <paramref name="estimate"/>
    /// differs most from <paramref name="truth"/>: largest sum of squared Y errors, the quantity PSNR measures. Found exactly
    /// over every position with a summed-area table; ties go to the top-left-most window, so the choice is reproducible.
    /// </summary>
    public static CropRegion LargestError(RgbImage truth, RgbImage estimate, int side)
    {
        if (truth.Width != estimate.Width || truth.Height != estimate.Height)
            throw new ArgumentException($"Images differ in size: {truth.Width}x{truth.Height} and {estimate.Width}x{estimate.Height}.");
        int width = truth.Width, height = truth.Height;
        int w = Math.Min(side, width), h = Math.Min(side, height);
        float[] a = YCbCr.Luma(truth).Data, b = YCbCr.Luma(estimate).Data;

        // sum[y, x] = squared error summed over [0, x) × [0, y).
        var sum = new double[(height + 1) * (width + 1)];
        int stride = width + 1;
        for (int y = 0; y < height; y++)
        {
            double row = 0;
            for (int x = 0; x < width; x++)
            {
                double d = a[y * width + x] - b[y * width + x];
                row += d * d;
                sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1] + row;
            }
        }
        var best = new CropRegion(0, 0, w, h);
        double bestError = -1;
        for (int y = 0; y + h <= height; y++)
            for (int x = 0; x + w <= width; x++)
            {
                double error = sum[(y + h) * stride + x + w] - sum[y * stride + x + w] - sum[(y + h) * stride + x] + sum[y * stride + x];
                if (error > bestError)
                {
                    bestError = error;
                    best = new CropRegion(x, y, w, h);
                }
            }
        return best;
    }
}
