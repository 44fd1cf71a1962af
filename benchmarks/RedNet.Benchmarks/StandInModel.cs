using RedNet.MLNet.Model;
using RedNet.MLNet.Onnx;

namespace RedNet.Benchmarks;

/// <summary>
/// Writes a RED-Net ONNX model of the shipped width (64 features) but few layers, with small seeded random weights: a
/// stand-in that costs a fraction of RED10's convolutions, for measuring what is not the network (memory of the image
/// buffers, decode, bicubic, merge, encode) on images too large to run RED10 on within a contended session. Its ONNX
/// Runtime working set per tile is below RED10's (fewer 64-channel tensors alive at once); measure that difference on an
/// image both can run.
/// </summary>
public static class StandInModel
{
    public static void Write(BenchmarkOptions options)
    {
        int layers = options.Int("layers", 1), scale = options.Int("scale", 2), features = 64, k = RedNetConfig.KernelSize;
        string output = options.Get("out") ?? throw new ArgumentException("--out is required");
        var config = new RedNetConfig { Layers = layers, Features = features, SkipEvery = 0 };
        var random = new Random(1);
        ConvolutionWeights Layer(int input, int outputs) => new(input, outputs,
            Enumerable.Range(0, outputs * input * k * k).Select(_ => (float)(random.NextDouble() - 0.5) * 0.01f).ToArray(), new float[outputs]);
        var encoder = Enumerable.Range(0, layers).Select(i => Layer(i == 0 ? 1 : features, features)).ToList();
        var decoder = Enumerable.Range(0, layers).Select(i => Layer(features, i == layers - 1 ? 1 : features)).ToList();
        var bytes = RedNetOnnxWriter.Write(new RedNetWeights(config, encoder, decoder), RedNetOnnxLayout.Nchw,
            new Dictionary<string, string> { [RedNetOnnxMetadata.Scales] = scale.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        File.WriteAllBytes(output, bytes);
        Console.WriteLine($"stand-in-model layers={layers} features={features} scale={scale} out={output}");
    }
}
