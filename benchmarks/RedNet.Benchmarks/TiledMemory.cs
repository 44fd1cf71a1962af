using System.Diagnostics;
using Microsoft.ML;
using RedNet.MLNet;
using RedNet.MLNet.Imaging;

namespace RedNet.Benchmarks;

/// <summary>
/// Peak memory of the whole process (VmHWM) while one large image goes through RedNetUpscale with the default tiling,
/// e.g. 2000×1500 → 4000×3000 at x2. Run it in a process of its own so nothing else raises the peak.
/// </summary>
public static class TiledMemory
{
    public static void Run(BenchmarkOptions options)
    {
        int w = options.Int("width", 2000), h = options.Int("height", 1500), scale = options.Int("scale", 2);
        int tile = options.Int("tile", ApplyRedNetOptions.Defaults.TileSize);
        var image = StageProfile.Synthetic(w, h);
        long before = PeakBytes();
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new PipelineOverhead.ImageRow { Image = image.ToMLImage() } });
        image = null!;
        var model = ml.Transforms.RedNetUpscale("Upscaled", "Image", new RedNetUpscaleOptions { Scale = scale, TileSize = tile }).Fit(data);
        var clock = Stopwatch.StartNew();
        PipelineOverhead.Consume(model.Transform(data));
        double seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"# {MachineInfo.Describe()}");
        Console.WriteLine($"memory input={w}x{h} output={w * scale}x{h * scale} tile={tile} seconds={seconds:0.0} peak_rss_mib={PeakBytes() / 1048576.0:0} peak_before_mib={before / 1048576.0:0}");
    }

    /// <summary>The process's peak resident set (VmHWM) in bytes; 0 where /proc is not available.</summary>
    public static long PeakBytes()
    {
        if (!File.Exists("/proc/self/status")) return Process.GetCurrentProcess().PeakWorkingSet64;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
