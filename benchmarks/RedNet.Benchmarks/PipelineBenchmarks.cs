using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using RedNet.MLNet;
using RedNet.MLNet.Imaging;

namespace RedNet.Benchmarks;

/// <summary>BenchmarkDotNet view of the pipeline: bicubic vs RED-Net over Set14 at x2 through ML.NET.</summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private IDataView _data = null!;
    private ITransformer _rednet = null!;
    private List<RgbImage> _images = null!;

    [GlobalSetup]
    public void Setup()
    {
        _images = PipelineOverhead.LowResolutionImages(Environment.GetEnvironmentVariable("REDNET_BENCH_HR"), 2);
        var ml = new MLContext(1);
        _data = ml.Data.LoadFromEnumerable(_images.Select(i => new PipelineOverhead.ImageRow { Image = i.ToMLImage() }).ToList());
        _rednet = ml.Transforms.RedNetUpscale().Fit(_data);
    }

    [Benchmark(Baseline = true)]
    public int Bicubic() => _images.Sum(i => MatlabBicubic.Upscale(i, 2).Width);

    [Benchmark]
    public void RedNetPipeline() => PipelineOverhead.Consume(_rednet.Transform(_data));
}
