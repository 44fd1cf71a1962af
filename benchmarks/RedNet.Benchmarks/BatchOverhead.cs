using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RedNet.Cli.Batch;
using RedNet.Cli.Imaging;
using RedNet.MLNet;
using RedNet.MLNet.Imaging;
using RedNet.MLNet.Onnx;

namespace RedNet.Benchmarks;

/// <summary>
/// What `rednet batch` adds over the strip upscaler in memory, measured in one process in alternating rounds (the VM's drift
/// falls on both alike; separate processes moved by up to 25 % here). Each round opens fresh upscalers, so both the batch and
/// the in-memory run meet every tile shape new to ONNX Runtime (as any caller does on new images): (a) the table's images,
/// decoded beforehand, through the strip upscaler into memory; (b) the same again in the same upscaler (shapes now known:
/// the warm figure of the `strips` benchmark); (c) <see cref="BatchRun.Execute"/> on the table: decode, upscale, encode,
/// write, journal and results table, its own elapsed time; (d) the network alone — the plain exported model on each
/// image's whole bicubic Y plane, no tiles, no image math, no files — in a fresh session run twice, timed the second time
/// (shapes known: the network at its best), the reference of issue 12's "file to file ≥ 90 % of the network alone".
/// Each arm's wall seconds and process CPU seconds are reported.
/// </summary>
public static class BatchOverhead
{
    public static void Run(BenchmarkOptions options)
    {
        string tablePath = options.Get("table") ?? throw new ArgumentException("--table T/table.csv is required (see batch-table)");
        int scale = options.Int("scale", 2), rounds = options.Int("repeats", 5);
        var upscale = new RedNetUpscaleOptions { Scale = scale };
        var table = ImageTable.Load(new MLContext(1), tablePath, "path", null);
        var images = table.Rows.Select(r => ImageInput.Load(table.Resolve(r.Image))).ToList();
        double megapixels = images.Sum(i => (double)i.Width * i.Height * scale * scale) / 1e6;
        Console.WriteLine($"# {MachineInfo.Describe()}; {images.Count} rows, {megapixels:0.00} output MP");
        string output = Path.Combine(Path.GetTempPath(), $"rednet-batch-overhead-{Environment.ProcessId}");
        var weights = RedNetModelSource.ForScale(scale).Weights;
        byte[] plainModel = RedNetOnnxWriter.Write(weights, RedNetOnnxLayout.Nchw);
        var planes = images.Select(i => LumaSuperResolution.UpscaleY(LumaSuperResolution.ExtractY(i), scale)).ToList();
        Arm cold = new("new_shapes"), warm = new("known_shapes"), batch = new("batch"), alone = new("alone");
        try
        {
            for (int round = 0; round < rounds; round++)
            {
                using (var strips = new RedNetStripUpscaler(upscale))
                {
                    cold.Time(() => { foreach (var image in images) strips.Upscale(image, scale); });
                    warm.Time(() => { foreach (var image in images) strips.Upscale(image, scale); });
                }
                using (var upscaler = new RedNetStripUpscaler(upscale))
                {
                    if (Directory.Exists(output)) Directory.Delete(output, true);
                    var settings = new BatchSettings(tablePath, "path", null, output, null, false, BatchSettings.DefaultMaxPixels, upscale);
                    BatchOutcome outcome = null!;
                    var (_, cpu) = Measure.WallAndCpu(() => outcome = BatchRun.Execute(settings, table, upscaler));
                    if (outcome.Rows.Any(r => r.Status != BatchRowStatus.Ok)) throw new InvalidOperationException("a batch row failed");
                    batch.Add(outcome.Elapsed.TotalSeconds, cpu); // wall: the batch's own clock, the figure its users see
                }
                using (var plain = new InferenceSession(plainModel))
                {
                    void Network() { foreach (var plane in planes) StageProfile.RunPlain(plain, plane); }
                    Network();
                    alone.Time(Network);
                }
                Console.WriteLine($"round={round + 1} in_memory_new_shapes_seconds={cold.Wall[^1]:0.000} in_memory_known_shapes_seconds={warm.Wall[^1]:0.000} batch_seconds={batch.Wall[^1]:0.000} " +
                                  $"network_alone_seconds={alone.Wall[^1]:0.000} batch_over_new_shapes={batch.Wall[^1] / cold.Wall[^1]:0.000} batch_over_known_shapes={batch.Wall[^1] / warm.Wall[^1]:0.000} " +
                                  $"batch_share_of_network_alone={alone.Wall[^1] / batch.Wall[^1]:0.000} cpu_seconds new_shapes={cold.Cpu[^1]:0.00} known_shapes={warm.Cpu[^1]:0.00} " +
                                  $"batch={batch.Cpu[^1]:0.00} alone={alone.Cpu[^1]:0.00}");
            }
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, true);
        }
        var overCold = Ratios(batch.Wall, cold.Wall);
        var overWarm = Ratios(batch.Wall, warm.Wall);
        var shareOfAlone = Ratios(alone.Wall, batch.Wall);
        foreach (var arm in new[] { cold, warm, alone })
        {
            var ratio = Ratios(batch.Cpu, arm.Cpu);
            Console.WriteLine($"batch-overhead-cpu batch_cpu_over_{arm.Name}_median={Measure.Median(ratio):0.000} min={ratio[0]:0.000} max={ratio[^1]:0.000}");
        }
        Console.WriteLine($"batch-overhead rounds={rounds} median_in_memory_new_shapes={Measure.Median(cold.Wall):0.000} median_in_memory_known_shapes={Measure.Median(warm.Wall):0.000} median_batch={Measure.Median(batch.Wall):0.000} " +
                          $"batch_over_new_shapes_median={Measure.Median(overCold):0.000} min={overCold[0]:0.000} max={overCold[^1]:0.000} " +
                          $"batch_over_known_shapes_median={Measure.Median(overWarm):0.000} min={overWarm[0]:0.000} max={overWarm[^1]:0.000} " +
                          $"median_network_alone={Measure.Median(alone.Wall):0.000} batch_share_of_network_alone_median={Measure.Median(shareOfAlone):0.000} min={shareOfAlone[0]:0.000} max={shareOfAlone[^1]:0.000}");
    }

    /// <summary>Round-by-round ratios <paramref name="top"/> / <paramref name="bottom"/>, sorted (median, min and max at hand).</summary>
    private static List<double> Ratios(List<double> top, List<double> bottom) => top.Zip(bottom, (t, b) => t / b).Order().ToList();

    /// <summary>
    /// One arm's wall and process CPU seconds, round by round. CPU seconds leave out the time the VM takes away from this
    /// guest (steal), so their ratios move less from round to round than wall-clock ones; they count work added, not
    /// work overlapped.
    /// </summary>
    private sealed record Arm(string Name)
    {
        public List<double> Wall { get; } = new();
        public List<double> Cpu { get; } = new();

        public void Time(Action work)
        {
            var (wall, cpu) = Measure.WallAndCpu(work);
            Add(wall, cpu);
        }

        public void Add(double wall, double cpu)
        {
            Wall.Add(wall);
            Cpu.Add(cpu);
        }
    }
}
