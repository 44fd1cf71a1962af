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
        var alone = new List<double>();
        var cold = new List<double>();
        var warm = new List<double>();
        var batch = new List<double>();
        // Process CPU seconds of each arm: time the VM takes away from this guest (steal) is not counted in them, so their
        // ratios move less from round to round than wall-clock ones; they count work added, not work overlapped.
        var cpu = new Dictionary<string, List<double>> { ["new_shapes"] = new(), ["known_shapes"] = new(), ["batch"] = new(), ["alone"] = new() };
        double Timed(string arm, Action work)
        {
            var (wall, processor) = Measure.WallAndCpu(work);
            cpu[arm].Add(processor);
            return wall;
        }
        try
        {
            for (int round = 0; round < rounds; round++)
            {
                using (var strips = new RedNetStripUpscaler(upscale))
                {
                    cold.Add(Timed("new_shapes", () => { foreach (var image in images) strips.Upscale(image, scale); }));
                    warm.Add(Timed("known_shapes", () => { foreach (var image in images) strips.Upscale(image, scale); }));
                }
                using (var upscaler = new RedNetStripUpscaler(upscale))
                {
                    if (Directory.Exists(output)) Directory.Delete(output, true);
                    var settings = new BatchSettings(tablePath, "path", null, output, null, false, BatchSettings.DefaultMaxPixels, upscale);
                    BatchOutcome outcome = null!;
                    Timed("batch", () => outcome = BatchRun.Execute(settings, table, upscaler));
                    if (outcome.Rows.Any(r => r.Status != BatchRowStatus.Ok)) throw new InvalidOperationException("a batch row failed");
                    batch.Add(outcome.Elapsed.TotalSeconds);
                }
                using (var plain = new InferenceSession(plainModel))
                {
                    void Network() { foreach (var plane in planes) StageProfile.RunPlain(plain, plane); }
                    Network();
                    alone.Add(Timed("alone", Network));
                }
                Console.WriteLine($"round={round + 1} in_memory_new_shapes_seconds={cold[^1]:0.000} in_memory_known_shapes_seconds={warm[^1]:0.000} batch_seconds={batch[^1]:0.000} " +
                                  $"network_alone_seconds={alone[^1]:0.000} batch_over_new_shapes={batch[^1] / cold[^1]:0.000} batch_over_known_shapes={batch[^1] / warm[^1]:0.000} " +
                                  $"batch_share_of_network_alone={alone[^1] / batch[^1]:0.000} cpu_seconds new_shapes={cpu["new_shapes"][^1]:0.00} known_shapes={cpu["known_shapes"][^1]:0.00} " +
                                  $"batch={cpu["batch"][^1]:0.00} alone={cpu["alone"][^1]:0.00}");
            }
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, true);
        }
        var overCold = cold.Zip(batch, (c, b) => b / c).Order().ToList();
        var overWarm = warm.Zip(batch, (w, b) => b / w).Order().ToList();
        var shareOfAlone = alone.Zip(batch, (a, b) => a / b).Order().ToList();
        foreach (var arm in new[] { "new_shapes", "known_shapes", "alone" })
        {
            var ratio = cpu["batch"].Zip(cpu[arm], (b, a) => b / a).Order().ToList();
            Console.WriteLine($"batch-overhead-cpu batch_cpu_over_{arm}_median={Measure.Median(ratio):0.000} min={ratio[0]:0.000} max={ratio[^1]:0.000}");
        }
        Console.WriteLine($"batch-overhead rounds={rounds} median_in_memory_new_shapes={Measure.Median(cold):0.000} median_in_memory_known_shapes={Measure.Median(warm):0.000} median_batch={Measure.Median(batch):0.000} " +
                          $"batch_over_new_shapes_median={Measure.Median(overCold):0.000} min={overCold[0]:0.000} max={overCold[^1]:0.000} " +
                          $"batch_over_known_shapes_median={Measure.Median(overWarm):0.000} min={overWarm[0]:0.000} max={overWarm[^1]:0.000} " +
                          $"median_network_alone={Measure.Median(alone):0.000} batch_share_of_network_alone_median={Measure.Median(shareOfAlone):0.000} min={shareOfAlone[0]:0.000} max={shareOfAlone[^1]:0.000}");
    }
}
