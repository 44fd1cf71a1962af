using Microsoft.ML;
using RedNet.MLNet;
using RedNet.MLNet.Evaluation;

namespace RedNet.Benchmarks;

/// <summary>
/// PSNR lost by int8: the evaluation protocol (DatasetEvaluation, as <c>rednet eval</c>) on each --sets folder at each of the
/// int8 model's scales, once with the fp32 model and once with the int8 one, both through the RedNetUpscale pipeline (tiled
/// graph, <see cref="ApplyRedNetOptions.Precision"/>). Prints each image's PSNR with both as it goes, then the means and the loss per set and scale.
/// </summary>
public static class Int8Quality
{
    public static void Run(BenchmarkOptions options)
    {
        string int8Path = options.Get("int8") ?? throw new ArgumentException("--int8 PATH: an int8 model (rednet-train export --int8).");
        string? fp32Path = options.Get("fp32");
        var int8Model = RedNet.MLNet.Onnx.RedNetOnnxReader.ReadFile(int8Path);
        var sets = (options.Get("sets") ?? "../shared/datasets/Set5,../shared/datasets/Set14,../shared/datasets/BSD100").Split(',');
        Console.WriteLine($"# {MachineInfo.Describe()}; int8 {int8Path} (calibrated on {int8Model.Int8?.Source}); fp32 {fp32Path ?? "embedded"}");
        foreach (int scale in options.Ints("scales", int8Model.Scales.ToArray()))
        {
            using var fp32 = new PipelineSuperResolver(new MLContext(1), new RedNetUpscaleOptions { Scale = scale, ModelPath = fp32Path, Precision = RedNetPrecision.Fp32 });
            using var int8 = new PipelineSuperResolver(new MLContext(1), new RedNetUpscaleOptions { Scale = scale, ModelPath = int8Path, Precision = RedNetPrecision.Int8 });
            foreach (var set in sets)
            {
                // Image by image, fp32 then int8, each printed at once: a run cut short still gives the loss on the images done.
                var files = ImageFolder.ListFiles(set);
                string name = new DirectoryInfo(Path.GetFullPath(set)).Name;
                var losses = new List<(double Fp32, double Int8)>();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                foreach (var file in files)
                {
                    var a = DatasetEvaluation.ScoreOne(file, scale, fp32);
                    var b = DatasetEvaluation.ScoreOne(file, scale, int8);
                    losses.Add((a.Psnr, b.Psnr));
                    Console.WriteLine($"int8-psnr-image set={name} scale={scale} image={a.Name} fp32_psnr={a.Psnr:0.0000} int8_psnr={b.Psnr:0.0000} loss_db={a.Psnr - b.Psnr:0.0000}");
                }
                double meanFp32 = losses.Average(l => l.Fp32), meanInt8 = losses.Average(l => l.Int8);
                Console.WriteLine($"int8-psnr set={name} scale={scale} images={losses.Count} fp32_psnr={meanFp32:0.0000} int8_psnr={meanInt8:0.0000} " +
                                  $"loss_db={meanFp32 - meanInt8:0.0000} worst_image_loss_db={losses.Max(l => l.Fp32 - l.Int8):0.0000} seconds={clock.Elapsed.TotalSeconds:0}");
            }
        }
    }
}
