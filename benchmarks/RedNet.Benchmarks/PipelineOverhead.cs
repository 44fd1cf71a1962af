using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RedNet.MLNet;
using RedNet.MLNet.Imaging;
using RedNet.MLNet.Onnx;

namespace RedNet.Benchmarks;

/// <summary>
/// What ML.NET costs on top of the work itself: the RedNetUpscale pipeline over a data view of low-resolution images, against
/// the same steps (Y extraction, bicubic, the same tiled ONNX graph in ONNX Runtime, colour merge) called directly.
/// </summary>
public static class PipelineOverhead
{
    public sealed class ImageRow
    {
        public MLImage? Image { get; set; }
    }

    public static List<RgbImage> LowResolutionImages(string? hrFolder, int scale)
    {
        string folder = hrFolder ?? Path.Combine("..", "shared", "datasets", "Set14");
        return Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal).Select(f => MatlabBicubic.Downscale(ImageCodec.Decode(f), scale)).ToList();
    }

    public static void Run(BenchmarkOptions options)
    {
        int scale = options.Int("scale", 2), repeats = options.Int("repeats", 3);
        var images = LowResolutionImages(options.Get("hr"), scale);
        double megapixels = images.Sum(i => (double)i.Width * i.Height * scale * scale) / 1e6;
        Console.WriteLine($"# {MachineInfo.Describe()}; {images.Count} images, {megapixels:0.00} output MP");

        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(images.Select(i => new ImageRow { Image = i.ToMLImage() }).ToList());
        var upscaler = ml.Transforms.RedNetUpscale("Upscaled", "Image", new RedNetUpscaleOptions { Scale = scale }).Fit(data);
        double pipeline = Measure.MedianSeconds(repeats, () => Consume(upscaler.Transform(data)));

        var graph = RedNetInferenceGraph.Build(RedNetModelSource.Default.Weights, "y", "out",
            new InferenceGraphOptions(ApplyRedNetOptions.Defaults.TileSize, RedNetApplyingEstimator.ReceptiveFieldRadius(RedNetModelSource.Default.Weights.Config.Layers), false));
        using var session = new InferenceSession(graph);
        double direct = Measure.MedianSeconds(repeats, () =>
        {
            foreach (var lr in images)
                LumaSuperResolution.Upscale(lr, scale, y =>
                {
                    var vector = PlaneVector.FromPlane(y);
                    using var result = session.Run(new[] { NamedOnnxValue.CreateFromTensor("y", new DenseTensor<float>(vector, new[] { 1, vector.Length })) });
                    return PlaneVector.ToPlane(result.Single().AsEnumerable<float>().ToArray());
                });
        });
        Console.WriteLine($"pipeline images={images.Count} mlnet_seconds={pipeline:0.000} direct_seconds={direct:0.000} overhead_percent={(pipeline / direct - 1) * 100:0.0} mlnet_mp_per_s={megapixels / pipeline:0.000}");
    }

    public static void Consume(IDataView output)
    {
        var column = output.Schema["Upscaled"];
        using var cursor = output.GetRowCursor(new[] { column });
        var getter = cursor.GetGetter<MLImage>(column);
        MLImage image = null!;
        while (cursor.MoveNext())
        {
            getter(ref image);
            image.Dispose();
        }
    }
}
