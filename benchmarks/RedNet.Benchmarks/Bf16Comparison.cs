using RedNet.MLNet.Diagnostics;
using RedNet.MLNet.Evaluation;
using RedNet.MLNet.Imaging;
using RedNet.MLNet.Onnx;
using RedNet.Training;
using RedNet.Training.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace RedNet.Benchmarks;

/// <summary>
/// bf16 against fp32 for a shipped model's weights, in libtorch (TorchSharp): ONNX Runtime 1.31's CPU provider has no bf16
/// arithmetic (no bf16 Conv kernel), so libtorch's oneDNN (avx512_core_bf16 kernels where the CPU has AVX512_BF16) is the
/// only bf16 engine this project can run. The layers run in bf16; the residual is added to the input in fp32 (a bf16 image
/// would lose its own precision: 8 significant bits are half a grey level at mid-grey). Rounds alternate fp32/bf16 on one
/// size×size plane; then the evaluation protocol (as <c>rednet eval</c>) scores each --sets folder at each --scales with
/// both, image by image, and prints the PSNR lost.
/// </summary>
public static class Bf16Comparison
{
    public static void Run(BenchmarkOptions options)
    {
        int size = options.Int("size", 512), rounds = options.Int("rounds", 5);
        var scales = options.Ints("scales", new[] { 2 });
        var model = RedNetModelSource.Load(options.Get("model"), scales[0]);
        var sets = (options.Get("sets") ?? "../shared/datasets/Set5,../shared/datasets/Set14").Split(',', StringSplitOptions.RemoveEmptyEntries);
        TorchSetup.Initialize();
        Console.WriteLine($"# {MachineInfo.Describe()}; libtorch threads {get_num_threads()}; avx512_bf16={CpuFlags.Has("avx512_bf16")} amx_bf16={CpuFlags.Has("amx_bf16")}");
        Console.WriteLine($"# model {model.Source} ({model.Weights.Config.Name}, x{string.Join(",x", model.Scales)})");
        using var fp32 = TorchWeights.Module(model.Weights);
        using var bf16 = TorchWeights.Module(model.Weights);
        bf16.to(ScalarType.BFloat16);

        var rng = new Random(1);
        var plane = new Plane(size, size, Enumerable.Range(0, size * size).Select(_ => (float)rng.NextDouble()).ToArray());
        var reference = new TorchSuperResolver(fp32);
        Func<Plane, Plane> refineBf16 = p => RefineBf16(bf16, p);
        var narrow = new Resolver(refineBf16);
        var engines = new (string Name, Func<Plane, Plane> Refine)[] { ("fp32", reference.Refine), ("bf16", refineBf16) };
        foreach (var e in engines) e.Refine(plane); // warm-up: oneDNN builds its kernels on first use
        var times = engines.ToDictionary(e => e.Name, _ => new List<double>());
        for (int r = 0; r < rounds; r++)
            foreach (var e in r % 2 == 0 ? engines : engines.Reverse().ToArray())
                times[e.Name].Add(Measure.Seconds(() => e.Refine(plane)));
        double f = Measure.Median(times["fp32"]), b = Measure.Median(times["bf16"]);
        Console.WriteLine($"bf16 size={size} rounds={rounds} fp32_seconds={f:0.000} bf16_seconds={b:0.000} fp32_mp_per_s={size * size / f / 1e6:0.000} " +
                          $"bf16_mp_per_s={size * size / b / 1e6:0.000} speedup={f / b:0.00} fp32_spread={Measure.Spread(times["fp32"])} bf16_spread={Measure.Spread(times["bf16"])}");

        foreach (int scale in scales)
            foreach (var set in sets)
            {
                string name = new DirectoryInfo(Path.GetFullPath(set)).Name;
                var scores = new List<(double Fp32, double Bf16)>();
                foreach (var file in ImageFolder.ListFiles(set))
                {
                    var a = DatasetEvaluation.ScoreOne(file, scale, reference);
                    var c = DatasetEvaluation.ScoreOne(file, scale, narrow);
                    scores.Add((a.Psnr, c.Psnr));
                    Console.WriteLine($"bf16-psnr-image set={name} scale={scale} image={a.Name} fp32_psnr={a.Psnr:0.0000} bf16_psnr={c.Psnr:0.0000} loss_db={a.Psnr - c.Psnr:0.0000}");
                }
                Console.WriteLine($"bf16-psnr set={name} scale={scale} images={scores.Count} fp32_psnr={scores.Average(s => s.Fp32):0.0000} bf16_psnr={scores.Average(s => s.Bf16):0.0000} " +
                                  $"loss_db={scores.Average(s => s.Fp32 - s.Bf16):0.0000} worst_image_loss_db={scores.Max(s => s.Fp32 - s.Bf16):0.0000}");
            }
    }

    private static Plane RefineBf16(RedNet.Training.Model.RedNet model, Plane input)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var x = tensor(input.Data, new long[] { 1, 1, input.Height, input.Width });
        var y = x + model.Residual(x.to(ScalarType.BFloat16)).to(ScalarType.Float32);
        return new Plane(input.Width, input.Height, y.data<float>().ToArray());
    }

    private sealed class Resolver(Func<Plane, Plane> refine) : ISuperResolver
    {
        public string Name => "rednet-bf16";
        public RgbImage Upscale(RgbImage lowResolution, int scale) => LumaSuperResolution.Upscale(lowResolution, scale, refine);
    }
}
