using RedNet.MLNet.Imaging;
using SkiaSharp;

namespace RedNet.Benchmarks;

/// <summary>
/// What PNG compression costs: the images of --hr (Set14 by default; an upscaler's output looks like them) encoded with
/// SkiaSharp at each zlib level and filter choice given, median seconds of --repeats and total bytes, so the default level
/// of `rednet upscale`/`batch` is chosen from measured time against size; first the library's own PNG writer (PngWriter).
/// </summary>
public static class PngEncoding
{
    public static void Run(BenchmarkOptions options)
    {
        int repeats = options.Int("repeats", 3);
        string folder = options.Get("hr") ?? Path.Combine("..", "shared", "datasets", "Set14");
        var images = Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal).Select(path => ImageCodec.Decode(path)).ToList();
        var bitmaps = images.Select(i => ImageCodec.ToBitmap(i)).ToList();
        double megapixels = bitmaps.Sum(b => (double)b.Width * b.Height) / 1e6;
        Console.WriteLine($"# {MachineInfo.Describe()}; {bitmaps.Count} images from {folder}, {megapixels:0.00} MP, RGBA8888 opaque");
        // What the library writes (PngWriter: Sub on every row, the framework's zlib at its level), first, for comparison.
        long ownBytes = 0;
        double ownSeconds = Measure.MedianSeconds(repeats, () => ownBytes = images.Sum(i => (long)ImageCodec.Encode(i, ".png").Length));
        Console.WriteLine($"png encoder=rednet level={PngWriter.ZlibLevel} filters=sub seconds={ownSeconds:0.000} mp_per_s={megapixels / ownSeconds:0.00} bytes={ownBytes} bits_per_pixel={8.0 * ownBytes / (megapixels * 1e6):0.00}");
        var levels = (options.Get("levels") ?? "1,2,3,4,6,9").Split(',').Select(int.Parse);
        var filterSets = new[] { ("all", SKPngEncoderFilterFlags.AllFilters), ("none", SKPngEncoderFilterFlags.None), ("sub", SKPngEncoderFilterFlags.Sub), ("paeth", SKPngEncoderFilterFlags.Paeth) };
        foreach (var level in levels)
            foreach (var (name, filters) in filterSets)
            {
                long bytes = 0;
                var encoderOptions = new SKPngEncoderOptions(filters, level);
                double seconds = Measure.MedianSeconds(repeats, () =>
                {
                    bytes = 0;
                    foreach (var bitmap in bitmaps)
                    {
                        using var pixmap = bitmap.PeekPixels();
                        using var data = pixmap.Encode(encoderOptions);
                        bytes += data.Size;
                    }
                });
                Console.WriteLine($"png encoder=skia level={level} filters={name} seconds={seconds:0.000} mp_per_s={megapixels / seconds:0.00} bytes={bytes} bits_per_pixel={8.0 * bytes / (megapixels * 1e6):0.00}");
            }
    }
}
