using Microsoft.ML.OnnxRuntime;
using RedNet.MLNet.Onnx;

namespace RedNet.Benchmarks;

/// <summary>
/// The tile sequence of one --width×--height output through one session (the library's options), for three ways to cut
/// it, alternating passes: "library" (tiles of --tile from the top-left, the last ones smaller: up to nine shapes),
/// "balanced" (the cores split evenly, e.g. 500 for 4000 at 512: up to four shapes, the same halo), "uniform" (balanced
/// cores, every tile widened inward to the interior tile's shape: one shape, a little more halo). Prints wall seconds
/// per pass and per output MP, so the cost of changing tile shapes (ONNX Runtime's per-shape work) is weighed against
/// the extra pixels a uniform shape computes.
/// </summary>
public static class TileLayouts
{
    public static void Run(BenchmarkOptions options)
    {
        int width = options.Int("width", 4000), height = options.Int("height", 3000), tile = options.Int("tile", 512), rounds = options.Int("rounds", 3);
        var weights = RedNetModelSource.Load(options.Get("model")).Weights;
        int margin = RedNet.MLNet.RedNetApplyingEstimator.ReceptiveFieldRadius(weights.Config.Layers);
        byte[] graph = RedNetTileGraph.Build(weights, new InferenceGraphOptions(tile, margin, false));
        var layouts = new Dictionary<string, List<(int Height, int Width)>>
        {
            ["library"] = UpscaleParts.TileShapes(width, height, tile, margin),
            ["balanced"] = Cut(width, height, tile, margin, uniform: false),
            ["uniform"] = Cut(width, height, tile, margin, uniform: true),
        };
        Console.WriteLine($"# {MachineInfo.Describe()}; ONNX Runtime {typeof(InferenceSession).Assembly.GetName().Version}; {weights.Config.Name}; {width}x{height}, tile {tile}+{margin}");
        foreach (var (name, shapes) in layouts)
            Console.WriteLine($"# {name}: {shapes.Count} tiles, {shapes.Distinct().Count()} shapes, reading {shapes.Sum(s => (double)s.Height * s.Width) / ((double)width * height):0.0000}x the output's pixels");
        var rng = new Random(1);
        var noise = Enumerable.Range(0, layouts.Values.SelectMany(s => s).Max(s => s.Height * s.Width)).Select(_ => (float)rng.NextDouble()).ToArray();
        using var sessionOptions = RedNetSessionOptions.Create(null, null);
        using var session = new InferenceSession(graph, sessionOptions);
        UpscaleParts.RunTile(session, noise, 64, 64);
        for (int round = 1; round <= rounds; round++)
            foreach (var (name, shapes) in layouts)
            {
                var (wall, cpu) = Measure.WallAndCpu(() => { foreach (var s in shapes) UpscaleParts.RunTile(session, noise, s.Height, s.Width); });
                Console.WriteLine($"layout round={round} name={name} wall_seconds={wall:0.000} cpu_seconds={cpu:0.000} wall_ns_per_output_pixel={wall * 1e9 / ((double)width * height):0.0}");
            }
    }

    // Cores split evenly over the tiles each way; with uniform, an edge tile reads its missing overlap from further inside.
    private static List<(int Height, int Width)> Cut(int width, int height, int tile, int margin, bool uniform)
    {
        var across = Spans(width, tile, margin, uniform);
        var down = Spans(height, tile, margin, uniform);
        return down.SelectMany(h => across.Select(w => (h, w))).ToList();
    }

    private static List<int> Spans(int length, int tile, int margin, bool uniform)
    {
        int count = (length + tile - 1) / tile, core = (length + count - 1) / count;
        var spans = new List<int>();
        for (int start = 0; start < length; start += core)
        {
            // Uniform: every tile the same shape (one ONNX Runtime shape); otherwise each tile is its core plus the halo
            // that fits inside the image.
            int end = Math.Min(start + core, length);
            spans.Add(uniform ? Math.Min(core + 2 * margin, length) : Math.Min(end + margin, length) - Math.Max(start - margin, 0));
        }
        return spans;
    }
}
