using RedNet.MLNet.Imaging;
using RedNet.MLNet.Model;
using RedNet.MLNet.Onnx;
using RedNet.MLNet.Quantization;
using RedNet.Training.Export;

namespace RedNet.Training.Tests;

/// <summary>Issue 12 (int8): <c>rednet-train export --int8</c> calibrates on a folder of training images, and refuses folders it must not use.</summary>
public class Int8ExportTests
{
    private static string Folder(string name, int images)
    {
        var dir = Path.Combine(Path.GetTempPath(), "rednet-tests", Guid.NewGuid().ToString("N"), name);
        Directory.CreateDirectory(dir);
        var rng = new Random(4);
        for (int i = 0; i < images; i++)
        {
            var image = RgbImage.Create(90, 80);
            rng.NextBytes(image.Pixels);
            ImageCodec.Save(image, Path.Combine(dir, $"img{i}.png"));
        }
        return dir;
    }

    // A small RED-Net (2 + 2 layers, 8 maps, one skip) with fixed pseudo-random weights, written as an fp32 model for x2.
    private static string Fp32Model()
    {
        var config = new RedNetConfig { Layers = 2, Features = 8, SkipEvery = 1 };
        var rng = new Random(2);
        ConvolutionWeights Layer(int input, int output) => new(input, output,
            Enumerable.Range(0, input * output * 9).Select(_ => (float)(rng.NextDouble() - 0.5) * 0.4f).ToArray(),
            Enumerable.Range(0, output).Select(_ => (float)(rng.NextDouble() - 0.5) * 0.1f).ToArray());
        var weights = new RedNetWeights(config, new[] { Layer(1, 8), Layer(8, 8) }, new[] { Layer(8, 8), Layer(8, 1) });
        string path = Path.Combine(Path.GetDirectoryName(Folder("unused", 0))!, "fp32.onnx");
        File.WriteAllBytes(path, RedNetOnnxWriter.Write(weights, RedNetOnnxLayout.Nchw, new Dictionary<string, string> { [RedNetOnnxMetadata.Scales] = "2" }));
        return path;
    }

    [Fact]
    public void Export_int8_of_an_onnx_model_writes_a_calibrated_int8_model_with_the_same_architecture()
    {
        string training = Folder("T91-sample", 3), fp32 = Fp32Model();
        string output = Path.Combine(Path.GetDirectoryName(fp32)!, "int8.onnx");
        new Int8Export(new[] { training }).ExportOnnx(fp32, output, RedNetOnnxLayout.Nchw);

        var model = RedNetOnnxReader.ReadFile(output);
        Assert.Equal(new[] { 2 }, model.Scales);
        Assert.Equal(2, model.Weights.Config.Layers);
        var int8 = Assert.IsType<Int8Calibration>(model.Int8);
        Assert.Equal(8, int8.WeightBits);
        // 3 images × 1 scale × PatchesPerImage patches, named by the folder.
        Assert.Equal($"T91-sample: {3 * CalibrationSet.PatchesPerImage} patches of 64x64, min/max", int8.Source);
        Assert.Equal(ActivationPoints.Of(model.Weights.Config).Order(), int8.Ranges.Keys.Order());
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, "*.tmp*"));
        // An int8 model is not quantized twice.
        var again = Assert.Throws<InvalidDataException>(() => new Int8Export(new[] { training }).ExportOnnx(output, output + "2", RedNetOnnxLayout.Nchw));
        Assert.Contains("already an int8 model", again.Message);
    }

    [Fact]
    public void An_empty_calibration_folder_is_refused_naming_it()
    {
        string empty = Folder("empty", 0);
        var e = Assert.Throws<InvalidDataException>(() => CalibrationSet.Load(new[] { empty }, new[] { 2 }));
        Assert.Equal($"Calibration folder '{empty}': the folder holds no files.", e.Message);
        var missing = Assert.Throws<InvalidDataException>(() => CalibrationSet.Load(new[] { empty + "-nope" }, new[] { 2 }));
        Assert.Equal($"Calibration folder '{empty}-nope': no such folder.", missing.Message);
    }

    [Theory]
    [InlineData("Set5")]
    [InlineData("set14")]
    [InlineData("BSD100")]
    public void Evaluation_sets_are_refused_as_calibration_data(string name)
    {
        string folder = Folder(name, 1);
        var e = Assert.Throws<InvalidDataException>(() => CalibrationSet.Load(new[] { folder }, new[] { 2 }));
        Assert.Contains("is the evaluation set", e.Message);
        Assert.Contains(folder, e.Message);
    }
}
