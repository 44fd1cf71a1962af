using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Tests.Imaging;

public class YCbCrTests
{
    [Theory]
    [InlineData(0, 0, 0, 16.0)]
    [InlineData(255, 255, 255, 235.0)]
    [InlineData(255, 0, 0, 81.481)]
    [InlineData(0, 255, 0, 144.553)]
    [InlineData(0, 0, 255, 40.966)]
    public void Luma_matches_matlab_rgb2ycbcr(byte r, byte g, byte b, double expected)
        => Assert.Equal(expected, YCbCr.LumaOf(r, g, b), 9);

    [Fact]
    public void Round_trip_error_is_below_half_a_level_and_bytes_come_back_exactly()
    {
        var rng = new Random(7);
        var image = RgbImage.Create(64, 48);
        rng.NextBytes(image.Pixels);
        var (y, cb, cr) = YCbCr.Split(image);
        Assert.All(y.Data, v => Assert.InRange(v, 16f, 235f));
        var back = YCbCr.Merge(y, cb, cr);
        Assert.Equal(image.Pixels, back.Pixels);
    }

    [Fact]
    public void Grey_sources_are_their_own_luma()
    {
        var image = RgbImage.Create(2, 1, sourceIsGrayscale: true);
        image.Pixels.AsSpan(0, 3).Fill(100);
        image.Pixels.AsSpan(3, 3).Fill(7);
        Assert.Equal(new[] { 100f, 7f }, YCbCr.Luma(image).Data);
        var colour = new RgbImage(2, 1, image.Pixels);
        Assert.Equal((float)YCbCr.LumaOf(100, 100, 100), YCbCr.Luma(colour).Data[0]);
    }

    [Fact]
    public void Merge_saturates_out_of_range_values()
    {
        var y = new Plane(1, 1, new[] { 300f });
        var c = new Plane(1, 1, new[] { 128f });
        Assert.Equal(new byte[] { 255, 255, 255 }, YCbCr.Merge(y, c, c).Pixels);
        y.Data[0] = -50;
        Assert.Equal(new byte[] { 0, 0, 0 }, YCbCr.Merge(y, c, c).Pixels);
    }
}
