using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using RedNet.MLNet.Model;
using RedNet.MLNet.Onnx;
using RedNet.Training.Export;
using static TorchSharp.torch;

namespace RedNet.Training.Tests;

public class OnnxParityTests
{
    public OnnxParityTests() => TorchSetup.Initialize();

    private static Model.RedNet RandomModel(RedNetConfig config)
    {
        manual_seed(42);
        var model = new Model.RedNet(config);
        using var _ = no_grad();
        // A trained last layer is far from its near-zero initial value; make it matter so parity is not trivially "input in, input out".
        var (w, b) = Model.RedNet.WeightAndBias(model.Decoder[^1]);
        nn.init.normal_(w, 0, 0.05);
        nn.init.normal_(b, 0, 0.05);
        return model;
    }

    private static float[] TorchForward(Model.RedNet model, float[] data, long[] shape)
    {
        using var _ = no_grad();
        model.eval();
        return model.forward(tensor(data, shape)).data<float>().ToArray();
    }

    [Theory]
    [InlineData(5, 2, DecoderForm.Convolution)]
    [InlineData(7, 2, DecoderForm.TransposedConvolution)]
    [InlineData(5, 0, DecoderForm.Convolution)]
    public void Nchw_export_matches_torchsharp(int layers, int skipEvery, DecoderForm decoder)
    {
        using var model = RandomModel(new RedNetConfig { Layers = layers, SkipEvery = skipEvery, Decoder = decoder, Features = 32 });
        var bytes = RedNetExporter.Export(model, RedNetOnnxLayout.Nchw);
        using var session = new InferenceSession(bytes);
        var rng = new Random(1);
        foreach (var shape in new[] { new long[] { 1, 1, 37, 53 }, new long[] { 2, 1, 64, 48 } })
        {
            var data = Enumerable.Range(0, (int)shape.Aggregate(1L, (a, b) => a * b)).Select(_ => (float)rng.NextDouble()).ToArray();
            var expected = TorchForward(model, data, shape);
            using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(data, shape.Select(d => (int)d).ToArray())) });
            var actual = results.Single().AsEnumerable<float>().ToArray();
            Assert.Equal(expected.Length, actual.Length);
            double maxDiff = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
            Assert.True(maxDiff <= 1e-4, $"{string.Join('x', shape)}: max |diff| {maxDiff}");
        }
    }

    [Fact]
    public void Flat_export_matches_torchsharp()
    {
        using var model = RandomModel(new RedNetConfig { Layers = 5, Features = 32 });
        var bytes = RedNetExporter.Export(model, RedNetOnnxLayout.Flat);
        using var session = new InferenceSession(bytes);
        var rng = new Random(2);
        foreach (var (h, w) in new[] { (37, 53), (64, 48), (48, 64) })
        {
            var data = Enumerable.Range(0, h * w).Select(_ => (float)rng.NextDouble()).ToArray();
            var expected = TorchForward(model, data, new long[] { 1, 1, h, w });
            var inputs = new[]
            {
                NamedOnnxValue.CreateFromTensor("pixels", new DenseTensor<float>(data, new[] { 1, h * w })),
                NamedOnnxValue.CreateFromTensor("shape", new DenseTensor<long>(new long[] { h, w }, new[] { 2 })),
            };
            using var results = session.Run(inputs);
            var actual = results.Single().AsEnumerable<float>().ToArray();
            double maxDiff = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
            Assert.True(maxDiff <= 1e-4, $"{h}x{w}: max |diff| {maxDiff}");
        }
    }

    [Fact]
    public void Export_round_trips_through_the_reader_with_metadata()
    {
        using var model = RandomModel(new RedNetConfig { Layers = 3, Features = 16 });
        var bytes = RedNetExporter.Export(model, RedNetOnnxLayout.Nchw);
        var read = RedNetOnnxReader.Read(bytes, "memory.onnx");
        Assert.Equal(3, read.Weights.Config.Layers);
        Assert.Equal(16, read.Weights.Config.Features);
        Assert.Equal("nchw", read.Get(RedNetOnnxMetadata.Layout));
        var original = RedNetExporter.ExtractWeights(model);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(original.Encoder[i].Weight, read.Weights.Encoder[i].Weight);
            Assert.Equal(original.Decoder[i].Bias, read.Weights.Decoder[i].Bias);
        }
    }

    [Fact]
    public void Reader_rejects_files_that_are_not_rednet_models()
    {
        var e1 = Assert.Throws<FormatException>(() => RedNetOnnxReader.Read("not a model at all"u8.ToArray(), "junk.onnx"));
        Assert.Contains("junk.onnx", e1.Message);
        // A valid ONNX model without RED-Net metadata.
        var graph = new global::Onnx.GraphProto { Name = "g" };
        graph.Node.Add(new global::Onnx.NodeProto { OpType = "Identity", Input = { "x" }, Output = { "y" } });
        var other = new global::Onnx.ModelProto { IrVersion = 8, Graph = graph };
        var e2 = Assert.Throws<FormatException>(() => RedNetOnnxReader.Read(Google.Protobuf.MessageExtensions.ToByteArray(other), "other.onnx"));
        Assert.Contains("not a RED-Net model", e2.Message);
    }
}
