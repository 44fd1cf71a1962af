using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Tests.Imaging;

public class MatlabBicubicTests
{
    public static IEnumerable<object[]> FixturePairs()
    {
        var root = Path.Combine(TestPaths.Fixtures, "matlab-bicubic");
        foreach (var hr in Directory.EnumerateFiles(root, "*.png", SearchOption.AllDirectories).Where(p => p.Contains($"{Path.DirectorySeparatorChar}HR{Path.DirectorySeparatorChar}")).Order())
            yield return new object[] { Path.GetRelativePath(root, hr) };
    }

    [Theory]
    [MemberData(nameof(FixturePairs))]
    public void Downscale_equals_matlab_pixel_for_pixel_on_fixtures(string relativeHr)
    {
        var root = Path.Combine(TestPaths.Fixtures, "matlab-bicubic");
        AssertMatchesMatlab(Path.Combine(root, relativeHr));
    }

    [SkippableFact]
    public void Downscale_equals_matlab_pixel_for_pixel_on_every_shared_reference_image()
    {
        var shared = TestPaths.SharedDatasets;
        Skip.If(shared is null, "../shared/datasets is not present");
        var hrFiles = Directory.EnumerateFiles(Path.Combine(shared!, "matlab-bicubic"), "*.png", SearchOption.AllDirectories)
            .Where(p => p.Contains($"{Path.DirectorySeparatorChar}HR{Path.DirectorySeparatorChar}")).ToList();
        Assert.Equal(3 * (5 + 14), hrFiles.Count);
        foreach (var hr in hrFiles) AssertMatchesMatlab(hr);
    }

    private static void AssertMatchesMatlab(string hrPath)
    {
        var scaleFolder = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(hrPath))!); // x2, x3, x4
        int scale = int.Parse(scaleFolder[1..]);
        var lrPath = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(hrPath))!, "LR", Path.GetFileName(hrPath));
        var hr = ImageCodec.Decode(hrPath);
        var expected = ImageCodec.Decode(lrPath);
        var actual = MatlabBicubic.Downscale(hr, scale);
        Assert.Equal(expected.Width, actual.Width);
        Assert.Equal(expected.Height, actual.Height);
        int maxDiff = 0, differing = 0;
        for (int i = 0; i < actual.Pixels.Length; i++)
        {
            int d = Math.Abs(actual.Pixels[i] - expected.Pixels[i]);
            if (d > 0) differing++;
            maxDiff = Math.Max(maxDiff, d);
        }
        Assert.True(maxDiff == 0, $"{hrPath} x{scale}: {differing} of {actual.Pixels.Length} values differ, max |diff| {maxDiff}");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0 / 3)]
    [InlineData(0.25)]
    [InlineData(2.0)]
    [InlineData(3.0)]
    [InlineData(4.0)]
    [InlineData(1.7)]
    public void Constant_image_stays_constant(double scale)
    {
        var image = RgbImage.Create(48, 36);
        for (int i = 0; i < image.Pixels.Length; i += 3) { image.Pixels[i] = 200; image.Pixels[i + 1] = 17; image.Pixels[i + 2] = 99; }
        var resized = MatlabBicubic.Resize(image, scale);
        Assert.Equal(MatlabBicubic.OutputLength(48, scale), resized.Width);
        Assert.Equal(MatlabBicubic.OutputLength(36, scale), resized.Height);
        for (int i = 0; i < resized.Pixels.Length; i += 3)
        {
            Assert.Equal(200, resized.Pixels[i]);
            Assert.Equal(17, resized.Pixels[i + 1]);
            Assert.Equal(99, resized.Pixels[i + 2]);
        }

        var plane = new Plane(48, 36);
        Array.Fill(plane.Data, 0.375f);
        var resizedPlane = MatlabBicubic.Resize(plane, scale);
        Assert.All(resizedPlane.Data, v => Assert.Equal(0.375f, v, 1e-6f));
    }

    [Fact]
    public void Output_sizes_follow_matlab_ceil_rule()
    {
        Assert.Equal(85, MatlabBicubic.OutputLength(255, 1.0 / 3));
        Assert.Equal(128, MatlabBicubic.OutputLength(256, 0.5));
        Assert.Equal(64, MatlabBicubic.OutputLength(255, 0.25));
        Assert.Equal(111, MatlabBicubic.OutputLength(37, 3));
    }

    [Fact]
    public void Upscaling_interpolates_a_linear_ramp_exactly_away_from_the_border()
    {
        // Keys' cubic reproduces linear functions; in the interior bicubic upscaling of a ramp is a ramp.
        var plane = new Plane(16, 4);
        for (int y = 0; y < 4; y++) for (int x = 0; x < 16; x++) plane[x, y] = 10 * x;
        var up = MatlabBicubic.Upscale(plane, 2);
        for (int x = 4; x < 28; x++)
        {
            double u = (x + 0.5) / 2 - 0.5; // output pixel centre in input coordinates
            Assert.Equal(10 * u, up[x, 3], 1e-4);
        }
    }

    [Fact]
    public void Downscale_modcrops_first()
    {
        var image = RgbImage.Create(101, 77);
        var lr = MatlabBicubic.Downscale(image, 4);
        Assert.Equal(25, lr.Width);
        Assert.Equal(19, lr.Height);
    }

    [Fact]
    public void Grey_sources_stay_grey()
    {
        var path = Path.Combine(TestPaths.Fixtures, "matlab-bicubic", "Set14", "x4", "HR", "img_003.png");
        var hr = ImageCodec.Decode(path);
        Assert.True(hr.SourceIsGrayscale);
        var lr = MatlabBicubic.Downscale(hr, 4);
        Assert.True(lr.SourceIsGrayscale);
    }
}
