using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Metrics;

/// <summary>
/// Structural similarity as Wang et al. (2004) and their MATLAB <c>ssim_index</c>: 11×11 Gaussian window with σ = 1.5,
/// K1 = 0.01, K2 = 0.03, dynamic range L, 'valid' filtering (no padding), the mean of the SSIM map. No downsampling.
/// 1 means identical; higher is better.
/// </summary>
public static class Ssim
{
    private const int WindowSize = 11;
    private const double Sigma = 1.5;

    // fspecial('gaussian', 11, 1.5) is the outer product of this normalised 1-D kernel with itself.
    private static readonly double[] Kernel = BuildKernel();

    public static double Compute(Plane reference, Plane test, double dynamicRange = 255)
    {
        PlaneChecks.SameSize(reference, test);
        if (reference.Width < WindowSize || reference.Height < WindowSize)
            throw new ArgumentException($"SSIM needs at least {WindowSize}x{WindowSize} pixels, got {reference.Width}x{reference.Height}.");
        double c1 = Math.Pow(0.01 * dynamicRange, 2), c2 = Math.Pow(0.03 * dynamicRange, 2);
        int w = reference.Width, h = reference.Height;
        var x = ToDouble(reference.Data);
        var y = ToDouble(test.Data);
        var xx = new double[x.Length];
        var yy = new double[x.Length];
        var xy = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        var muX = FilterValid(x, w, h, out int ow, out int oh);
        var muY = FilterValid(y, w, h, out _, out _);
        var sXX = FilterValid(xx, w, h, out _, out _);
        var sYY = FilterValid(yy, w, h, out _, out _);
        var sXY = FilterValid(xy, w, h, out _, out _);
        double total = 0;
        for (int i = 0; i < muX.Length; i++)
        {
            double mx = muX[i], my = muY[i];
            double vx = sXX[i] - mx * mx, vy = sYY[i] - my * my, cov = sXY[i] - mx * my;
            total += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
        }
        return total / ((long)ow * oh);
    }

    private static double[] BuildKernel()
    {
        var k = new double[WindowSize];
        double sum = 0;
        for (int i = 0; i < WindowSize; i++)
        {
            double d = i - (WindowSize - 1) / 2.0;
            k[i] = Math.Exp(-d * d / (2 * Sigma * Sigma));
            sum += k[i];
        }
        for (int i = 0; i < WindowSize; i++) k[i] /= sum;
        return k;
    }

    // Separable 'valid' correlation with the Gaussian window (the window is symmetric, so correlation = convolution).
    private static double[] FilterValid(double[] src, int w, int h, out int outW, out int outH)
    {
        outW = w - WindowSize + 1;
        outH = h - WindowSize + 1;
        var horizontal = new double[outW * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < outW; x++)
            {
                double acc = 0;
                int o = y * w + x;
                for (int k = 0; k < WindowSize; k++) acc += Kernel[k] * src[o + k];
                horizontal[y * outW + x] = acc;
            }
        var result = new double[outW * outH];
        for (int y = 0; y < outH; y++)
            for (int k = 0; k < WindowSize; k++)
            {
                double kk = Kernel[k];
                int src0 = (y + k) * outW, dst0 = y * outW;
                for (int x = 0; x < outW; x++) result[dst0 + x] += kk * horizontal[src0 + x];
            }
        return result;
    }

    private static double[] ToDouble(float[] values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }
}
