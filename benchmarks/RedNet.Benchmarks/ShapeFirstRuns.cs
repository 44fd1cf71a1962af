using RedNet.MLNet;

namespace RedNet.Benchmarks;

/// <summary>
/// What ONNX Runtime's first run of a new tile shape costs the strip upscaler: each image is enlarged twice in a row in a
/// fresh upscaler (the first time its tile shapes are new to the session, the second time they are not), so a contended
/// machine's drift falls on both runs of an image alike. The in-memory `strips` benchmark warms every shape before it times;
/// `rednet batch` meets every shape of a new table cold, so this is part of what it pays over that baseline.
/// </summary>
public static class ShapeFirstRuns
{
    public static void Run(BenchmarkOptions options)
    {
        int scale = options.Int("scale", 2);
        var images = PipelineOverhead.LowResolutionImages(options.Get("hr"), scale);
        Console.WriteLine($"# {MachineInfo.Describe()}; {images.Count} images");
        using var strips = new RedNetStripUpscaler(new RedNetUpscaleOptions { Scale = scale });
        strips.Upscale(new RedNet.MLNet.Imaging.RgbImage(8, 8, new byte[3 * 64]), scale); // session start-up, outside the timings
        double coldWall = 0, warmWall = 0, coldCpu = 0, warmCpu = 0;
        foreach (var image in images)
        {
            var (cw, cc) = Measure.WallAndCpu(() => strips.Upscale(image, scale));
            var (ww, wc) = Measure.WallAndCpu(() => strips.Upscale(image, scale));
            coldWall += cw; warmWall += ww; coldCpu += cc; warmCpu += wc;
            Console.WriteLine($"image={image.Width}x{image.Height} first_seconds={cw:0.000} again_seconds={ww:0.000} first_cpu={cc:0.000} again_cpu={wc:0.000}");
        }
        Console.WriteLine($"first-runs images={images.Count} first_seconds={coldWall:0.000} again_seconds={warmWall:0.000} first_over_again={coldWall / warmWall:0.000} " +
                          $"first_cpu={coldCpu:0.000} again_cpu={warmCpu:0.000} cpu_first_over_again={coldCpu / warmCpu:0.000}");
    }
}
