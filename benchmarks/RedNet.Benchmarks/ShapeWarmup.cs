using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RedNet.MLNet.Onnx;

namespace RedNet.Benchmarks;

/// <summary>
/// ONNX Runtime's first run of each new input shape against its second, for the tile shapes the strip upscaler cuts from a
/// --width×--height output (4000×3000 by default, tile 512), with the session options varied (memory pattern, CPU arena),
/// each variant in a fresh session: what a new shape costs and which setting, if any, removes that cost. --per-shape true
/// prints each shape's first and second run; --order largest-first runs the largest shape first.
/// </summary>
public static class ShapeWarmup
{
    public static void Run(BenchmarkOptions options)
    {
        int width = options.Int("width", 4000), height = options.Int("height", 3000), tile = options.Int("tile", 512);
        var weights = RedNetModelSource.Load(options.Get("model")).Weights;
        var graphOptions = new InferenceGraphOptions(tile, RedNet.MLNet.RedNetApplyingEstimator.ReceptiveFieldRadius(weights.Config.Layers), false);
        byte[] graph = RedNetTileGraph.Build(weights, graphOptions);
        var shapes = UpscaleParts.TileShapes(width, height, tile, graphOptions.TileOverlap).Distinct().ToList();
        // --order largest-first: whether the cost is the arena growing (paid by the largest shape only) or each shape's own.
        if (options.Get("order") == "largest-first") shapes = shapes.OrderByDescending(s => s.Height * s.Width).ToList();
        bool perShape = options.Get("per-shape") == "true";
        Console.WriteLine($"# {MachineInfo.Describe()}; ONNX Runtime {typeof(InferenceSession).Assembly.GetName().Version}; {weights.Config.Name}; " +
                          $"{shapes.Count} distinct tile shapes of a {width}x{height} output");
        var rng = new Random(1);
        var noise = Enumerable.Range(0, shapes.Max(s => s.Height * s.Width)).Select(_ => (float)rng.NextDouble()).ToArray();
        var variants = (options.Get("variants") ?? "default,no-pattern,no-arena").Split(',');
        foreach (var variant in variants)
        {
            using var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, InterOpNumThreads = 1, IntraOpNumThreads = DefaultCpuThreads.Value };
            if (variant.Contains("no-pattern")) sessionOptions.EnableMemoryPattern = false;
            if (variant.Contains("no-arena")) sessionOptions.EnableCpuMemArena = false;
            using var session = new InferenceSession(graph, sessionOptions);
            UpscaleParts.RunTile(session, noise, 64, 64);
            double first = 0, again = 0, firstCpu = 0, againCpu = 0;
            foreach (var (h, w) in shapes)
            {
                var (fw, fc) = Measure.WallAndCpu(() => UpscaleParts.RunTile(session, noise, h, w));
                var (aw, ac) = Measure.WallAndCpu(() => UpscaleParts.RunTile(session, noise, h, w));
                first += fw; again += aw; firstCpu += fc; againCpu += ac;
                if (perShape) Console.WriteLine($"shape variant={variant} height={h} width={w} first_seconds={fw:0.000} again_seconds={aw:0.000} extra_seconds={fw - aw:0.000}");
            }
            Console.WriteLine($"warmup variant={variant} shapes={shapes.Count} first_seconds={first:0.000} again_seconds={again:0.000} first_over_again={first / again:0.000} " +
                              $"extra_per_shape_seconds={(first - again) / shapes.Count:0.000} first_cpu={firstCpu:0.00} again_cpu={againCpu:0.00}");
        }
    }
}
