using Microsoft.ML;
using RedNet.MLNet;
using RedNet.MLNet.Evaluation;

namespace RedNet.Benchmarks;

/// <summary>
/// PSNR lost by int8: the evaluation protocol (DatasetEvaluation, as <c>rednet eval</c>) on each --sets folder at each of the
/// int8 model's scales, once with the fp32 model and once with the int8 one, both through the RedNetUpscale pipeline (tiled
/// graph, <see cref="ApplyRedNetOptions.Precision"/>). Prints mean PSNR/SSIM of both and the difference per set and scale.
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
                var a = DatasetEvaluation.Run(set, scale, fp32);
                var b = DatasetEvaluation.Run(set, scale, int8);
                if (a.Failures.Count + b.Failures.Count > 0) throw new InvalidOperationException($"{set}: {a.Failures.Concat(b.Failures).First().Error}");
                double worst = a.Images.Zip(b.Images, (x, y) => x.Psnr - y.Psnr).Max();
                Console.WriteLine($"int8-psnr set={a.Dataset} scale={scale} images={a.Images.Count} fp32_psnr={a.Psnr:0.0000} int8_psnr={b.Psnr:0.0000} " +
                                  $"loss_db={a.Psnr - b.Psnr:0.0000} worst_image_loss_db={worst:0.0000} fp32_ssim={a.Ssim:0.00000} int8_ssim={b.Ssim:0.00000} " +
                                  $"fp32_seconds={a.Elapsed.TotalSeconds:0.0} int8_seconds={b.Elapsed.TotalSeconds:0.0}");
            }
        }
    }
}
