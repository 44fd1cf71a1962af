using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RedNet.MLNet;
using RedNet.MLNet.Imaging;
using RedNet.MLNet.Onnx;

namespace RedNet.Benchmarks;

/// <summary>
/// Where the time of one upscale goes: each step of RedNetUpscale timed on its own, on the same images, with the bytes it
/// allocates (managed heap), against the whole ML.NET pipeline and against the network alone (the plain exported model in
/// ONNX Runtime on the bicubic Y plane, no tiling, no vectors). Inputs: the LR images of --hr (Set14 by default), or one
/// synthetic --width×--height LR image. Steps: decode (PNG → RgbImage), y (rgb2ycbcr Y, 0–1), bicubic (Y enlarged),
/// network (the tiled graph RedNetUpscale runs, via a plane vector), merge (Cb/Cr enlarged + back to RGB), encode (PNG).
/// --tile sets the tile side of both the tiled graph and the pipeline (default: the library's).
/// </summary>
public static class StageProfile
{
    public static void Run(BenchmarkOptions options)
    {
        int scale = options.Int("scale", 2), repeats = options.Int("repeats", 3), tile = options.Int("tile", ApplyRedNetOptions.Defaults.TileSize);
        var images = options.Get("width") is null
            ? PipelineOverhead.LowResolutionImages(options.Get("hr"), scale)
            : new List<RgbImage> { Synthetic(options.Int("width", 2000), options.Int("height", 1500)) };
        double outputMp = images.Sum(i => (double)i.Width * i.Height * scale * scale) / 1e6;
        Console.WriteLine($"# {MachineInfo.Describe()}; {images.Count} LR images, {outputMp:0.00} output MP, x{scale}, tiles of {tile}");
        var encoded = images.Select(i => ImageCodec.Encode(i, ".png")).ToList();

        var weights = RedNetModelSource.ForScale(scale).Weights;
        var graph = RedNetInferenceGraph.Build(weights, "y", "out",
            new InferenceGraphOptions(tile, RedNetApplyingEstimator.ReceptiveFieldRadius(weights.Config.Layers), false));
        // The session options the library's stages use (threads, no memory pattern, no spinning), for both the tiled graph
        // and the network alone, so that their ratio measures the tiling and not a difference of settings.
        using var threads = RedNetSessionOptions.Create(null, null);
        using var tiled = new InferenceSession(graph, threads);
        using var plain = new InferenceSession(RedNetOnnxWriter.Write(weights, RedNetOnnxLayout.Nchw), threads);
        // ONNX Runtime's level below ALL: no NCHWc layout transformation. Shows what that optimisation is worth here, and
        // so whether a graph that loses it (e.g. inside a Loop body) explains a gap to the network alone.
        // Same settings as the other two sessions otherwise, so that this row differs from network_alone by NCHWc alone.
        using var extendedOptions = RedNetSessionOptions.Create(null, null);
        extendedOptions.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED;
        using var plainExtended = new InferenceSession(RedNetOnnxWriter.Write(weights, RedNetOnnxLayout.Nchw), extendedOptions);

        var ys = new List<Plane>();
        var bicubic = new List<Plane>();
        var restored = new List<Plane>();
        var merged = new List<RgbImage>();
        var rows = new List<(string Stage, double Seconds, long Bytes)>
        {
            Measure("decode", repeats, () => { foreach (var e in encoded) ImageCodec.Decode(e, "x.png"); }),
            Measure("y", repeats, () => { ys.Clear(); ys.AddRange(images.Select(LumaSuperResolution.ExtractY)); }),
            Measure("bicubic", repeats, () => { bicubic.Clear(); bicubic.AddRange(ys.Select(y => LumaSuperResolution.UpscaleY(y, scale))); }),
            Measure("network", repeats, () => { restored.Clear(); restored.AddRange(bicubic.Select(b => RunTiled(tiled, b))); }),
            Measure("merge", repeats, () => { merged.Clear(); merged.AddRange(restored.Select((r, i) => LumaSuperResolution.MergeY(r, images[i]))); }),
            Measure("encode", repeats, () => { foreach (var m in merged) ImageCodec.Encode(m, ".png"); }),
        };
        var alone = Measure("network_alone", repeats, () => { foreach (var b in bicubic) RunPlain(plain, b); });
        var aloneExtended = Measure("network_alone_no_nchwc", repeats, () => { foreach (var b in bicubic) RunPlain(plainExtended, b); });

        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(images.Select(i => new PipelineOverhead.ImageRow { Image = i.ToMLImage() }).ToList());
        var upscaler = ml.Transforms.RedNetUpscale("Upscaled", "Image", new RedNetUpscaleOptions { Scale = scale, TileSize = tile }).Fit(data);
        var pipeline = Measure("mlnet_pipeline", repeats, () => PipelineOverhead.Consume(upscaler.Transform(data)));

        foreach (var (stage, seconds, bytes) in rows.Append(alone).Append(aloneExtended).Append(pipeline))
            Console.WriteLine($"stage name={stage} seconds={seconds:0.000} mp_per_s={outputMp / seconds:0.000} share_of_network_alone={seconds / alone.Seconds:0.000} " +
                              $"allocated_mib={bytes / 1048576.0:0.0} allocated_bytes_per_output_pixel={bytes / (outputMp * 1e6):0.0}");
        double steps = rows.Sum(r => r.Seconds);
        Console.WriteLine($"summary steps_seconds={steps:0.000} steps_without_codec_seconds={steps - rows[0].Seconds - rows[^1].Seconds:0.000} " +
                          $"network_alone_seconds={alone.Seconds:0.000} mlnet_pipeline_seconds={pipeline.Seconds:0.000} " +
                          $"pipeline_over_network_alone={alone.Seconds / pipeline.Seconds:0.000}");
    }

    private static Plane RunTiled(InferenceSession session, Plane plane)
    {
        var vector = PlaneVector.FromPlane(plane);
        using var result = session.Run(new[] { NamedOnnxValue.CreateFromTensor("y", new DenseTensor<float>(vector, new[] { 1, vector.Length })) });
        return PlaneVector.ToPlane(result.Single().AsTensor<float>() is DenseTensor<float> dense ? dense.Buffer.Span : result.Single().AsEnumerable<float>().ToArray());
    }

    /// <summary>The plain exported model (input "input", [1, 1, H, W]) on one whole plane; the result is discarded.</summary>
    internal static void RunPlain(InferenceSession session, Plane plane)
    {
        var input = new DenseTensor<float>(plane.Data, new[] { 1, 1, plane.Height, plane.Width });
        using var result = session.Run(new[] { NamedOnnxValue.CreateFromTensor("input", input) });
    }

    // Median wall time of the repeats, and the managed bytes one repeat allocates.
    private static (string Stage, double Seconds, long Bytes) Measure(string stage, int repeats, Action action)
    {
        action(); // warm-up: JIT, session arenas
        long before = GC.GetTotalAllocatedBytes(true);
        double seconds = RedNet.Benchmarks.Measure.MedianSeconds(repeats, action);
        long bytes = (GC.GetTotalAllocatedBytes(true) - before) / repeats;
        return (stage, seconds, bytes);
    }

    /// <summary>A deterministic w×h test image: smooth waves, a XOR pattern and noise, one per channel.</summary>
    public static RgbImage Synthetic(int w, int h)
    {
        var image = RgbImage.Create(w, h);
        var rng = new Random(1);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int o = 3 * (y * w + x);
                image.Pixels[o] = (byte)(128 + 100 * Math.Sin(x * 0.05) * Math.Cos(y * 0.03));
                image.Pixels[o + 1] = (byte)((x ^ y) & 255);
                image.Pixels[o + 2] = (byte)rng.Next(256);
            }
        return image;
    }
}
