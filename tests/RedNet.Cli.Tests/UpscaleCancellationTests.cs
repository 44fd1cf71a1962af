using RedNet.Cli.Commands;
using RedNet.MLNet;
using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Tests;

/// <summary>Issue 14: progress inside an image, and cancelling it, through the verb's own per-file step.</summary>
public class UpscaleCancellationTests
{
    [Fact]
    public void Cancelling_after_the_first_tile_stops_promptly_and_writes_no_file()
    {
        var dir = TestPaths.NewTempDirectory();
        string input = Path.Combine(dir, "big.png");
        TestImages.Write(input, 60, 40, seed: 4);
        string target = Path.Combine(dir, "big_x2.png");
        using var upscaler = new RedNetStripUpscaler(new RedNetUpscaleOptions { TileSize = 16 }); // 8 × 5 = 40 tiles
        using var cancel = new CancellationTokenSource();
        var seen = new List<UpscaleProgress>();
        var progress = new Output.SyncProgress<UpscaleProgress>(p =>
        {
            seen.Add(p);
            if (p.TilesDone == 1) cancel.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => UpscaleCommand.UpscaleFile(upscaler, input, target, ImageFile.DefaultMaxPixels, progress, cancel.Token));
        Assert.Equal(new[] { new UpscaleProgress(0, 40), new UpscaleProgress(1, 40) }, seen);
        Assert.Equal(new[] { "big.png" }, Directory.EnumerateFiles(dir).Select(Path.GetFileName)); // no output, no .partial

        // Uncancelled, the same call writes the pipeline's image and reports all 40 tiles.
        seen.Clear();
        UpscaleCommand.UpscaleFile(upscaler, input, target, ImageFile.DefaultMaxPixels, new Output.SyncProgress<UpscaleProgress>(seen.Add));
        Assert.Equal(Enumerable.Range(0, 41).Select(i => new UpscaleProgress(i, 40)), seen);
        Assert.Equal((120, 80), (ImageCodec.Decode(target).Width, ImageCodec.Decode(target).Height));
    }
}
