using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Metrics;

/// <summary>Peak signal-to-noise ratio, 10·log10(peak² / MSE), in dB. Higher is better; identical planes give +∞.</summary>
public static class Psnr
{
    /// <summary>PSNR of <paramref name="test"/> against <paramref name="reference"/>, both on the 0–<paramref name="peak"/> scale.</summary>
    public static double Compute(Plane reference, Plane test, double peak = 255)
    {
        PlaneChecks.SameSize(reference, test);
        double sum = 0;
        var a = reference.Data;
        var b = test.Data;
        for (int i = 0; i < a.Length; i++)
        {
            double d = (double)a[i] - b[i];
            sum += d * d;
        }
        return FromMse(sum / a.Length, peak);
    }

    /// <summary>PSNR from a mean squared error; 0 error gives <see cref="double.PositiveInfinity"/>.</summary>
    public static double FromMse(double mse, double peak = 255)
        => mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(peak * peak / mse);
}
