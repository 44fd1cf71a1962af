using Microsoft.ML;
using RedNet.MLNet;
using RedNet.MLNet.Imaging;

namespace RedNet.Benchmarks;

/// <summary>
/// The strip upscaler (what `rednet upscale` and `rednet batch` run) against the ML.NET RedNetUpscale pipeline on the same
/// in-memory low-resolution images, in alternating rounds of one process, so that a contended machine's drift falls on both
/// alike; also checks that the two give the same pixels. The strip figure is the in-memory baseline of `rednet batch`.
/// </summary>
public static class StripComparison
{
    public static void Run(BenchmarkOptions options)
    {
        int scale = options.Int("scale", 2), rounds = options.Int("repeats", 3);
        var images = PipelineOverhead.LowResolutionImages(options.Get("hr"), scale);
        double megapixels = images.Sum(i => (double)i.Width * i.Height * scale * scale) / 1e6;
        Console.WriteLine($"# {MachineInfo.Describe()}; {images.Count} images, {megapixels:0.00} output MP");
        var upscaleOptions = new RedNetUpscaleOptions { Scale = scale, CpuThreads = options.Get("threads") is { } t ? int.Parse(t) : null };
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(images.Select(i => new PipelineOverhead.ImageRow { Image = i.ToMLImage() }).ToList());
        var pipeline = ml.Transforms.RedNetUpscale("Upscaled", "Image", upscaleOptions).Fit(data);
        using var strips = new RedNetStripUpscaler(upscaleOptions);
        using (var check = new RedNet.MLNet.Evaluation.PipelineSuperResolver(new MLContext(1), upscaleOptions))
            foreach (var image in images)
                if (!check.Upscale(image, scale).Pixels.AsSpan().SequenceEqual(strips.Upscale(image, scale).Pixels))
                    throw new InvalidOperationException("the strip upscaler and the pipeline differ");
        var pipelineSeconds = new List<double>();
        var stripSeconds = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            pipelineSeconds.Add(Measure.Seconds(() => PipelineOverhead.Consume(pipeline.Transform(data))));
            stripSeconds.Add(Measure.Seconds(() =>
            {
                foreach (var image in images) strips.Upscale(image, scale);
            }));
            Console.WriteLine($"round={round + 1} mlnet_seconds={pipelineSeconds[^1]:0.000} strips_seconds={stripSeconds[^1]:0.000} ratio={stripSeconds[^1] / pipelineSeconds[^1]:0.000}");
        }
        double p = Measure.Median(pipelineSeconds), s = Measure.Median(stripSeconds);
        Console.WriteLine($"strips images={images.Count} identical=true mlnet_seconds={p:0.000} strips_seconds={s:0.000} strips_over_mlnet={s / p:0.000} strips_mp_per_s={megapixels / s:0.000}");
    }
}
