using BenchmarkDotNet.Running;

namespace RedNet.Benchmarks;

/// <summary>
/// Benchmarks behind benchmarks/RESULTS.md. Each mode prints one result line per measurement (machine-readable "key=value").
/// Run on a quiet machine: the numbers are CPU-bound and two cores are easily disturbed.
///   training  [--layers 5,10,15] [--batch 32] [--patch 50]    TorchSharp forward+backward+Adam, patches/s
///   inference [--model PATH] [--size 512] [--rounds 5] [--repeats 3]  RED-Net in ONNX Runtime and TorchSharp against MatMul/Conv peaks, alternating rounds
///   pipeline  [--hr DIR] [--scale 2]                          ML.NET RedNetUpscale vs the same work calling ONNX Runtime directly
///   memory    [--width 2000 --height 1500] [--scale 2]        peak process memory of one large image through the tiled pipeline
///   tile-layouts [--width 4000 --height 3000] [--tile 512] [--rounds 3] the library's tile cut against balanced and one-shape cuts, one session
///   stages    [--hr DIR | --width W --height H] [--scale 2] [--tile 512] each step of RedNetUpscale timed alone, with its allocations, vs the network alone
///   int8      --int8 PATH [--fp32 PATH] [--size 512]        fp32 vs int8 (rednet-train export --int8) in one run: plain and tiled, MP/s and ratio
///   int8-psnr --int8 PATH [--fp32 PATH] [--sets A,B] [--scales 2] PSNR of fp32 and int8 on each set/scale through RedNetUpscale, and the loss
///   bdn                                                       the pipeline comparison under BenchmarkDotNet
///   batch-table --hr DIR --scale 2 --out DIR                  writes the LR images of DIR and a table.csv for timing `rednet batch`
///   strips    [--hr DIR] [--scale 2] [--repeats 3]           the strip upscaler vs the ML.NET pipeline, in-memory, alternating rounds
///   stand-in-model --layers 1 --scale 2 --out FILE           a cheap RED-Net of the shipped width, for memory runs on huge images
///   photo-mosaic --width W --height H --out FILE [--from DIR] a large photo-like input: training photos side by side
///   png-encode [--hr DIR] [--levels 1,2,3,4,6,9] [--repeats 3] SkiaSharp PNG encoding time and size by zlib level and filters
///   first-runs [--hr DIR] [--scale 2]                        each image through the strip upscaler twice: ONNX Runtime's first run of new tile shapes
///   batch-overhead --table T/table.csv [--repeats 5]         `rednet batch` vs the strip upscaler in memory and vs the network alone, one process, alternating rounds
///   tile-shapes [--sizes 512,532,...] [--repeats 3] [--memory-pattern true] [--spinning true] the plain network's cost per pixel by (square) input size, alternating
///   bf16      [--model PATH] [--size 512] [--sets A,B] [--scales 2] fp32 vs bf16 in libtorch: MP/s and ratio, then PSNR lost per set
///   bf16-gradients --checkpoint RUN/checkpoint.ckpt [--data DIR] [--batch 16] [--patch 72] bf16 training's gradients vs fp32's, per parameter
///   training  ... [--precision fp32,bf16] [--decoder Convolution] (training above) with the layers in fp32 and/or bf16 (Bf16ForwardBackward), one decoder form
///   conv-gradients [--threads 2] [--shapes N:Cin:Cout:HW,...] libtorch's float32 conv2d and its gradients against float64 (issue 10)
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: RedNet.Benchmarks training|inference|pipeline|memory|bdn [options]");
            return 2;
        }
        var options = BenchmarkOptions.Parse(args.Skip(1).ToArray());
        switch (args[0])
        {
            case "training": TrainingThroughput.Run(options); return 0;
            case "inference": InferenceThroughput.Run(options); return 0;
            case "pipeline": PipelineOverhead.Run(options); return 0;
            case "memory": TiledMemory.Run(options); return 0;
            case "bdn": BenchmarkRunner.Run<PipelineBenchmarks>(); return 0;
            case "batch-table": BatchTable.Write(options); return 0;
            case "stages": StageProfile.Run(options); return 0;
            case "strips": StripComparison.Run(options); return 0;
            case "stand-in-model": StandInModel.Write(options); return 0;
            case "photo-mosaic": PhotoMosaic.Write(options); return 0;
            case "int8": Int8Throughput.Run(options); return 0;
            case "int8-psnr": Int8Quality.Run(options); return 0;
            case "png-encode": PngEncoding.Run(options); return 0;
            case "first-runs": ShapeFirstRuns.Run(options); return 0;
            case "tile-shapes": TileShapes.Run(options); return 0;
            case "batch-overhead": BatchOverhead.Run(options); return 0;
            case "bf16": Bf16Comparison.Run(options); return 0;
            case "bf16-gradients": Bf16Gradients.Run(options); return 0;
            case "conv-gradients": ConvolutionGradientCheck.Run(options); return 0;
            case "tile-concurrency": TileConcurrency.Run(options); return 0;
            case "upscale-parts": UpscaleParts.Run(options); return 0;
            case "tile-layouts": TileLayouts.Run(options); return 0;
            case "shape-warmup": ShapeWarmup.Run(options); return 0;
            default:
                Console.Error.WriteLine($"unknown mode '{args[0]}'");
                return 2;
        }
    }
}

/// <summary>--name value pairs.</summary>
public sealed class BenchmarkOptions
{
    private readonly Dictionary<string, string> _values = new();

    public static BenchmarkOptions Parse(string[] args)
    {
        var o = new BenchmarkOptions();
        for (int i = 0; i + 1 < args.Length; i += 2) o._values[args[i].TrimStart('-')] = args[i + 1];
        return o;
    }

    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v : null;
    public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v) : fallback;
    public int[] Ints(string name, int[] fallback) => Get(name) is { } v ? v.Split(',').Select(int.Parse).ToArray() : fallback;
}

/// <summary>Describes the machine in one line for RESULTS.md.</summary>
public static class MachineInfo
{
    // The VM's model name is only "AMD EPYC" whether it runs on a Zen 3 or a Zen 5, whose figures differ by 2× and more, so
    // the line names the CPU family and model beside the library's own description (ISA level, extensions, processors).
    public static string Describe()
        => $"{RedNet.MLNet.Diagnostics.CpuDescription.OfThisMachine()}{FamilyAndModel()}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";

    private static string FamilyAndModel()
    {
        if (!File.Exists("/proc/cpuinfo")) return "";
        var lines = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).ToList();   // the first processor's block
        string? Value(string key) => lines.FirstOrDefault(l => l.Split(':', 2)[0].Trim() == key)?.Split(':', 2)[1].Trim();
        return Value("cpu family") is { } family && Value("model") is { } model ? $"; family {family} model {model}" : "";
    }
}
