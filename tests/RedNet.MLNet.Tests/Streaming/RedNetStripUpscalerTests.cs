using Microsoft.ML;
using RedNet.MLNet.Evaluation;
using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Tests.Streaming;

public class RedNetStripUpscalerTests
{
    // Colourful, with edges and noise, so that every tile and strip boundary crosses detail.
    private static RgbImage Photo(int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[3 * width * height];
        for (int y = 0, i = 0; y < height; y++)
            for (int x = 0; x < width; x++, i += 3)
            {
                bool ring = (int)Math.Sqrt((x - width / 3.0) * (x - width / 3.0) + (y - height / 2.0) * (y - height / 2.0)) / 4 % 2 == 0;
                pixels[i] = (byte)(ring ? 210 : 30 + 5 * x % 150);
                pixels[i + 1] = (byte)(60 + (x * 7 + y * 3) % 150 + random.Next(20));
                pixels[i + 2] = (byte)(ring ? 20 + random.Next(60) : 220 - 3 * y % 110);
            }
        return new RgbImage(width, height, pixels);
    }

    // Odd sizes, tiles much smaller than the image (several strips and several tiles a strip, partial last ones) and
    // the overlap the pipeline uses (the receptive field), at every embedded scale.
    [Theory]
    [InlineData(37, 29, 2, 16)]
    [InlineData(23, 41, 3, 24)]
    [InlineData(31, 19, 4, 40)]
    [InlineData(45, 33, 2, 512)]
    public void Output_equals_the_RedNetUpscale_pipeline_across_strip_and_tile_boundaries(int width, int height, int scale, int tile)
    {
        var options = new RedNetUpscaleOptions { Scale = scale, TileSize = tile, CpuThreads = 2 };
        var image = Photo(width, height, seed: width + height);
        using var pipeline = new PipelineSuperResolver(new MLContext(1), options);
        using var strips = new RedNetStripUpscaler(options);
        var expected = pipeline.Upscale(image, scale);
        var actual = strips.Upscale(image, scale);
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        int differing = expected.Pixels.Zip(actual.Pixels, (a, b) => a != b ? 1 : 0).Sum();
        int worst = expected.Pixels.Zip(actual.Pixels, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(differing == 0, $"{differing} of {expected.Pixels.Length} samples differ, by up to {worst}");
    }

    [Fact]
    public void Alpha_is_enlarged_as_the_whole_image_path_enlarges_it()
    {
        var image = Photo(21, 17, seed: 5);
        var random = new Random(9);
        var alpha = Enumerable.Range(0, 21 * 17).Select(_ => (byte)random.Next(256)).ToArray();
        using var strips = new RedNetStripUpscaler(new RedNetUpscaleOptions { TileSize = 16 });
        var rows = new RgbImageRows(42, 34, keepAlpha: true);
        strips.Upscale(image, alpha, rows);
        Assert.Equal(DecodedImage.UpscaleAlpha(alpha, 21, 17, 2), rows.Alpha);
    }

    [Fact]
    public void Progress_counts_every_tile_and_cancelling_stops_within_one_tile()
    {
        var image = Photo(40, 30, seed: 2); // x2 with 16-pixel tiles: 4 strips of 5 tiles
        using var strips = new RedNetStripUpscaler(new RedNetUpscaleOptions { TileSize = 16 });
        var reports = new List<UpscaleProgress>();
        strips.Upscale(image, new ListProgress(reports));
        Assert.Equal(Enumerable.Range(0, 21).Select(i => new UpscaleProgress(i, 20)), reports);

        using var cancel = new CancellationTokenSource();
        var seen = new List<UpscaleProgress>();
        var rows = new CountingRows();
        Assert.ThrowsAny<OperationCanceledException>(() => strips.Upscale(image, null, rows, new ListProgress(seen, p =>
        {
            if (p.TilesDone == 1) cancel.Cancel();
        }), cancel.Token));
        Assert.Equal(1, seen[^1].TilesDone); // no tile ran after the one that was running when it was cancelled
        Assert.Equal(0, rows.Rows);          // the first strip was not finished, so nothing was handed on
    }

    // The colour of a strip is merged and handed on beside the network's work on the next one: the destination still gets
    // every strip once, in order, and its failure is the upscale's, with nothing handed on after Upscale has returned.
    [Fact]
    public void Strips_reach_the_destination_in_order_and_its_failure_stops_the_upscale()
    {
        var image = Photo(40, 30, seed: 3); // x2 with 16-pixel tiles: strips of 16, 16, 16 and 12 rows
        using var strips = new RedNetStripUpscaler(new RedNetUpscaleOptions { TileSize = 16 });
        var rows = new OrderedRows();
        strips.Upscale(image, null, rows);
        Assert.Equal(new[] { (0, 16), (16, 16), (32, 16), (48, 12) }, rows.Bands);

        var failing = new OrderedRows(failAtRow: 16);
        var error = Assert.Throws<IOException>(() => strips.Upscale(image, null, failing));
        Assert.Equal("no space left", error.Message);
        int calls = failing.Bands.Count;
        Thread.Sleep(100);
        Assert.Equal(calls, failing.Bands.Count);
        Assert.Equal(new[] { (0, 16) }, failing.Bands);
    }

    [Fact]
    public void Options_it_cannot_use_are_refused_naming_the_option()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RedNetStripUpscaler(new RedNetUpscaleOptions { CpuThreads = 0 }));
        var error = Assert.ThrowsAny<ArgumentException>(() => new RedNetStripUpscaler(new RedNetUpscaleOptions { ModelPath = "/nonexistent/model.onnx" }));
        Assert.Contains("ModelPath", error.Message);
    }

    private sealed class ListProgress(List<UpscaleProgress> reports, Action<UpscaleProgress>? then = null) : IProgress<UpscaleProgress>
    {
        public void Report(UpscaleProgress value)
        {
            reports.Add(value);
            then?.Invoke(value);
        }
    }

    private sealed class OrderedRows(int failAtRow = -1) : IImageRows
    {
        public List<(int First, int Count)> Bands { get; } = new();

        public void WriteRows(int firstRow, int rowCount, ReadOnlySpan<byte> rgb, ReadOnlySpan<byte> alpha)
        {
            if (firstRow == failAtRow) throw new IOException("no space left");
            lock (Bands) Bands.Add((firstRow, rowCount));
        }
    }

    private sealed class CountingRows : IImageRows
    {
        public int Rows { get; private set; }
        public void WriteRows(int firstRow, int rowCount, ReadOnlySpan<byte> rgb, ReadOnlySpan<byte> alpha) => Rows += rowCount;
    }
}
