using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RedNet.MLNet;
using RedNet.MLNet.Imaging;
using RedNet.MLNet.Onnx;

namespace RedNet.Benchmarks;

/// <summary>
/// Where the time of `rednet upscale` on one file goes, in alternating rounds of one process: decode, the strip upscaler in
/// memory (Y, bicubic, tiles through the network, colour merge), PNG encode; against the network on the same tiles alone
/// (the plain graph on the tile shapes the strips run, in their order: what the halo costs is tiled over alone) and the
/// network alone on 512² pieces (the reference: no halo). Ratios are against the last, per round.
/// </summary>
public static class UpscaleParts
{
    public static void Run(BenchmarkOptions options)
    {
        string input = options.Get("input") ?? throw new ArgumentException("--input LR.png is required");
        int rounds = options.Int("repeats", 3);
        var upscaleOptions = new RedNetUpscaleOptions { Scale = options.Int("scale", 2), TileSize = options.Int("tile", ApplyRedNetOptions.Defaults.TileSize) };
        using var upscaler = new RedNetStripUpscaler(upscaleOptions);
        var image = ImageCodec.Decode(input);
        int scale = upscaleOptions.Scale, width = scale * image.Width, height = scale * image.Height;
        int tile = upscaler.Tiling.TileSize, margin = upscaler.Tiling.TileOverlap;
        double outputPixels = (double)width * height;
        Console.WriteLine($"# {MachineInfo.Describe()}; ONNX Runtime {typeof(InferenceSession).Assembly.GetName().Version}; {input} " +
                          $"{image.Width}x{image.Height} -> {width}x{height} ({outputPixels / 1e6:0.00} MP), tile {tile}+{margin}, threads {DefaultCpuThreads.Value}");

        // Exactly as the library's tile sessions run (TileNetwork's options: threads, no memory pattern, no spinning).
        using var sessionOptions = RedNetSessionOptions.Create(null, null);
        using var plain = new InferenceSession(RedNetTileGraph.Build(upscaler.Model.Weights, upscaler.Tiling), sessionOptions);
        var shapes = TileShapes(width, height, tile, margin);
        double haloFactor = shapes.Sum(s => (double)s.Height * s.Width) / outputPixels;
        int pieces = (int)Math.Ceiling(outputPixels / (512.0 * 512));
        var rng = new Random(1);
        var noise = Enumerable.Range(0, shapes.Max(s => s.Height * s.Width)).Select(_ => (float)rng.NextDouble()).ToArray();
        Console.WriteLine($"# {shapes.Count} tiles reading {haloFactor:0.0000}× the output pixels; network alone = {pieces} runs of 512², scaled to the output's pixels");

        byte[] encodedInput = File.ReadAllBytes(input);
        RgbImage? result = null;
        var parts = new Dictionary<string, Action>
        {
            ["decode"] = () => ImageCodec.Decode(encodedInput, Path.GetFileName(input)),
            ["strips_in_memory"] = () => result = upscaler.Upscale(image, scale),
            ["encode_png"] = () => ImageCodec.Encode(result!, ".png"),
            ["network_on_the_tiles"] = () => { foreach (var s in shapes) RunTile(plain, noise, s.Height, s.Width); },
            ["network_alone_512"] = () => { for (int i = 0; i < pieces; i++) RunTile(plain, noise, 512, 512); },
        };
        // Warm-up, timed: JIT and ONNX Runtime's first run of every tile shape (which `rednet upscale` pays on each new shape).
        Console.WriteLine("first runs: " + string.Join(", ", parts.Select(p => $"{p.Key} {Measure.Seconds(p.Value):0.000} s")));
        var seconds = parts.Keys.ToDictionary(k => k, _ => new List<double>());
        for (int round = 0; round < rounds; round++)
        {
            foreach (var (name, part) in parts) seconds[name].Add(Measure.Seconds(part));
            double alone = seconds["network_alone_512"][^1] * outputPixels / (pieces * 512.0 * 512);
            seconds["network_alone_512"][^1] = alone;
            double whole = seconds["decode"][^1] + seconds["strips_in_memory"][^1] + seconds["encode_png"][^1];
            Console.WriteLine($"round {round + 1}: " + string.Join(", ", parts.Keys.Select(k => $"{k} {seconds[k][^1]:0.000} s")) +
                              $"; decode+strips+encode over network alone {whole / alone:0.000} (throughput ratio {alone / whole:0.000})");
        }
        double medianAlone = Measure.Median(seconds["network_alone_512"]);
        foreach (var name in parts.Keys)
            Console.WriteLine($"part name={name} seconds={Measure.Median(seconds[name]):0.000} spread={Measure.Spread(seconds[name])} share_of_network_alone={Measure.Median(seconds[name]) / medianAlone:0.000}");
    }

    /// <summary>The input shapes of the strip upscaler's tiles, row by row (as RedNetStripUpscaler cuts them).</summary>
    internal static List<(int Height, int Width)> TileShapes(int width, int height, int tile, int margin)
    {
        var shapes = new List<(int, int)>();
        for (int y0 = 0; y0 < height; y0 += tile)
            for (int x0 = 0; x0 < width; x0 += tile)
            {
                int th = Math.Min(y0 + tile + margin, height) - Math.Max(y0 - margin, 0);
                int tw = Math.Min(x0 + tile + margin, width) - Math.Max(x0 - margin, 0);
                shapes.Add((th, tw));
            }
        return shapes;
    }

    /// <summary>The tile graph on the first height·width values of <paramref name="noise"/> as [1, 1, height, width]; the result is discarded.</summary>
    internal static void RunTile(InferenceSession session, float[] noise, int height, int width)
    {
        var tensor = new DenseTensor<float>(new Memory<float>(noise, 0, height * width), new[] { 1, 1, height, width });
        using var result = session.Run(new[] { NamedOnnxValue.CreateFromTensor(RedNetTileGraph.InputName, tensor) });
    }
}
