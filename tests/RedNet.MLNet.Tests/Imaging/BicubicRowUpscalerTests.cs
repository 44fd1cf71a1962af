using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Tests.Imaging;

public class BicubicRowUpscalerTests
{
    [Theory]
    [InlineData(13, 11, 2, 5)]
    [InlineData(9, 17, 3, 7)]
    [InlineData(20, 7, 4, 1)]
    public void Bands_from_only_the_rows_they_read_equal_the_whole_plane_enlargement_bit_for_bit(int width, int height, int factor, int bandRows)
    {
        var random = new Random(width * 31 + height);
        var plane = new Plane(width, height, Enumerable.Range(0, width * height).Select(_ => (float)random.NextDouble()).ToArray());
        var whole = MatlabBicubic.Upscale(plane, factor);
        var rows = new BicubicRowUpscaler(width, height, factor);
        Assert.Equal((whole.Width, whole.Height), (rows.OutputWidth, rows.OutputHeight));
        var scratch = new float[bandRows * width];
        var band = new float[bandRows * rows.OutputWidth];
        for (int first = 0; first < rows.OutputHeight; first += bandRows)
        {
            int end = Math.Min(first + bandRows, rows.OutputHeight);
            var (inFirst, inEnd) = rows.InputRows(first, end);
            // Only the rows the band reads are given: a plane cropped to them, placed at inFirst.
            var input = plane.Crop(0, inFirst, width, inEnd - inFirst).Data;
            rows.Upscale(input, inFirst, first, end, band, scratch);
            Assert.Equal(whole.Data.AsSpan(first * whole.Width, (end - first) * whole.Width).ToArray(), band.AsSpan(0, (end - first) * whole.Width).ToArray());
        }
    }

    [Fact]
    public void A_band_that_lacks_rows_its_output_reads_is_refused()
    {
        var rows = new BicubicRowUpscaler(8, 8, 2);
        var (inFirst, _) = rows.InputRows(6, 10);
        var error = Assert.Throws<ArgumentException>(() => rows.Upscale(new float[8 * 2], inFirst + 1, 6, 10, new float[4 * 16], new float[4 * 8]));
        Assert.Contains("read input rows", error.Message);
    }
}
