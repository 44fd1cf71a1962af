using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RedNet.MLNet.Model;
using RedNet.MLNet.Onnx;

namespace RedNet.Benchmarks;

/// <summary>
/// The plain network's cost per pixel by input shape (ONNX Runtime, NCHWc, the CPU's cores), in alternating rounds of one
/// session: whether a tile of 532 pixels (512 and RED10's 10-pixel receptive field on both sides) costs more per pixel
/// than its area says, e.g. because its width is not a multiple of the SIMD block. Every shape is run once before timing,
/// so ONNX Runtime's first run of a new shape is not counted.
/// </summary>
public static class TileShapes
{
    public static void Run(BenchmarkOptions options)
    {
        var sizes = options.Ints("sizes", new[] { 512, 520, 522, 528, 532, 536, 544 });
        int rounds = options.Int("repeats", 3);
        var weights = RedNetModelSource.Load(options.Get("model")).Weights;
        // The library's tile session options (TileNetwork), with the two settings a measurement may turn back to ONNX Runtime's defaults.
        using var sessionOptions = RedNetSessionOptions.Create(null, null);
        sessionOptions.EnableMemoryPattern = options.Get("memory-pattern") == "true";
        bool spinning = options.Get("spinning") == "true";
        if (spinning) sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "1");
        Console.WriteLine($"# {MachineInfo.Describe()}; ONNX Runtime {typeof(InferenceSession).Assembly.GetName().Version}; {weights.Config.Name}; memory pattern {sessionOptions.EnableMemoryPattern}, spinning {spinning}");
        using var session = new InferenceSession(RedNetOnnxWriter.Write(weights, RedNetOnnxLayout.Nchw), sessionOptions);
        var rng = new Random(1);
        var inputs = sizes.ToDictionary(s => s, s => new DenseTensor<float>(Enumerable.Range(0, s * s).Select(_ => (float)rng.NextDouble()).ToArray(), new[] { 1, 1, s, s }));
        foreach (var s in sizes) Once(session, inputs[s]);
        var wall = sizes.ToDictionary(s => s, _ => new List<double>());
        var cpu = sizes.ToDictionary(s => s, _ => new List<double>());
        for (int round = 0; round < rounds; round++)
            foreach (var s in sizes)
            {
                var (w, c) = Measure.WallAndCpu(() => Once(session, inputs[s]));
                wall[s].Add(w * 1e9 / ((double)s * s));
                cpu[s].Add(c * 1e9 / ((double)s * s));
            }
        double reference = Measure.Median(wall[sizes[0]]);
        foreach (var s in sizes)
            Console.WriteLine($"shape size={s} wall_ns_per_pixel={Measure.Median(wall[s]):0.0} cpu_ns_per_pixel={Measure.Median(cpu[s]):0.0} wall_over_first={Measure.Median(wall[s]) / reference:0.000} " +
                              $"min={wall[s].Min():0.0} max={wall[s].Max():0.0}");
    }

    private static void Once(InferenceSession session, DenseTensor<float> input)
    {
        using var result = session.Run(new[] { NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), input) });
    }
}
