using RedNet.MLNet.Imaging;
using RedNet.MLNet.Metrics;

namespace RedNet.MLNet.Tests.Metrics;

public class MetricsTests
{
    private static Plane Random(int w, int h, int seed)
    {
        var rng = new Random(seed);
        var p = new Plane(w, h);
        for (int i = 0; i < p.Data.Length; i++) p.Data[i] = (float)(rng.NextDouble() * 255);
        return p;
    }

    [Fact]
    public void Psnr_of_identical_images_is_positive_infinity()
    {
        var p = Random(32, 32, 1);
        Assert.Equal(double.PositiveInfinity, Psnr.Compute(p, p));
    }

    [Fact]
    public void Psnr_matches_the_formula()
    {
        var a = new Plane(10, 10);
        var b = new Plane(10, 10);
        Array.Fill(b.Data, 1f); // MSE = 1
        Assert.Equal(20 * Math.Log10(255), Psnr.Compute(a, b), 10);
        Array.Fill(b.Data, 16f); // MSE = 256
        Assert.Equal(10 * Math.Log10(255.0 * 255 / 256), Psnr.Compute(a, b), 10);
    }

    [Fact]
    public void Ssim_of_identical_images_is_one()
    {
        var p = Random(40, 30, 2);
        Assert.Equal(1.0, Ssim.Compute(p, p), 12);
    }

    [Fact]
    public void Ssim_of_two_constant_images_matches_the_closed_form()
    {
        // Constant images have zero variance, so SSIM = (2ab + C1)/(a² + b² + C1).
        var a = new Plane(20, 20);
        var b = new Plane(20, 20);
        Array.Fill(a.Data, 100f);
        Array.Fill(b.Data, 120f);
        double c1 = Math.Pow(0.01 * 255, 2);
        double expected = (2 * 100.0 * 120 + c1) / (100.0 * 100 + 120.0 * 120 + c1);
        Assert.Equal(expected, Ssim.Compute(a, b), 9);
    }

    [Fact]
    public void Ssim_is_symmetric_and_falls_with_noise()
    {
        var a = Random(48, 48, 3);
        var noisy = new Plane(48, 48, a.Data.Select((v, i) => v + (i % 7 - 3) * 4f).ToArray());
        var noisier = new Plane(48, 48, a.Data.Select((v, i) => v + (i % 7 - 3) * 12f).ToArray());
        Assert.Equal(Ssim.Compute(a, noisy), Ssim.Compute(noisy, a), 12);
        Assert.True(Ssim.Compute(a, noisy) > Ssim.Compute(a, noisier));
        Assert.True(Ssim.Compute(a, noisier) < 1);
    }

    [Fact]
    public void Size_mismatch_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Psnr.Compute(new Plane(4, 4), new Plane(4, 5)));
        Assert.Contains("4x5", e.Message);
        Assert.Throws<ArgumentException>(() => Ssim.Compute(new Plane(8, 8), new Plane(8, 8)));
    }

    [Fact]
    public void Quality_shaves_the_scale_from_every_side()
    {
        var a = new Plane(30, 30);
        var b = new Plane(30, 30);
        // Differences only in the 3-pixel border: shaving 3 makes the images identical.
        for (int y = 0; y < 30; y++) for (int x = 0; x < 30; x++)
            if (x < 3 || y < 3 || x >= 27 || y >= 27) b[x, y] = 50;
        var score = SuperResolutionQuality.Measure(a, b, 3);
        Assert.Equal(double.PositiveInfinity, score.Psnr);
        Assert.Equal(1.0, score.Ssim, 12);
        Assert.True(double.IsFinite(SuperResolutionQuality.Measure(a, b, 2).Psnr));
    }

    private static Plane GreyFixture(string name)
    {
        var image = ImageCodec.Decode(Path.Combine(TestPaths.Fixtures, "ssim-reference", name));
        Assert.True(image.SourceIsGrayscale, $"{name} should be an 8-bit grey PNG");
        return new Plane(image.Width, image.Height, image.GetChannel(0).Select(v => (float)v).ToArray());
    }

    [Fact]
    public void Ssim_and_psnr_of_a_natural_image_match_scikit_image()
    {
        // Fixtures/ssim-reference: the Y of a Set5 image and a blurred, noisy copy, both 8-bit; the expected values were
        // computed by scikit-image 0.19.3 (structural_similarity with Gaussian weights σ 1.5, population covariance, L = 255,
        // peak_signal_noise_ratio), an implementation independent of this one: see make-reference.py there.
        var reference = GreyFixture("reference.png");
        var distorted = GreyFixture("distorted.png");
        Assert.Equal(0.6772715499, Ssim.Compute(reference, distorted), 8);
        Assert.Equal(30.6934817437, Psnr.Compute(reference, distorted), 8);
    }
}
