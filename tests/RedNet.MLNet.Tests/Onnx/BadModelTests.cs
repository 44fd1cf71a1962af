using Microsoft.ML;
using RedNet.MLNet.Model;
using RedNet.MLNet.Onnx;

namespace RedNet.MLNet.Tests.Onnx;

/// <summary>Issue 14: malformed model files are refused at load with a message naming the file and what is wrong.</summary>
public class BadModelTests
{
    private static string Write(RedNetWeights weights, string scales)
    {
        string path = Path.Combine(TestPaths.NewTempDirectory(), "model.onnx");
        File.WriteAllBytes(path, RedNetOnnxWriter.Write(weights, RedNetOnnxLayout.Nchw, new Dictionary<string, string> { [RedNetOnnxMetadata.Scales] = scales }));
        return path;
    }

    private static ArgumentException FitError(string modelPath)
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Transforms.PipelineFixture.ImagePath { Path = "x.png" } });
        var pipeline = ml.Transforms.LoadImages("Image", null, "Path").Append(ml.Transforms.RedNetUpscale(options: new RedNetUpscaleOptions { ModelPath = modelPath }));
        return Assert.ThrowsAny<ArgumentException>(() => pipeline.Fit(data));
    }

    [Theory]
    [InlineData("2,x")]
    [InlineData("two")]
    [InlineData("2;3")]
    [InlineData("")]
    [InlineData("0")]
    public void Malformed_scales_metadata_is_a_format_error_naming_the_file_and_the_value(string scales)
    {
        string path = Write(RedNetModelSource.Default.Weights, scales);
        var e = Assert.Throws<FormatException>(() => RedNetOnnxReader.ReadFile(path));
        Assert.Equal($"'{path}': RED-Net metadata 'rednet.scales' is '{scales}', not a list of scale factors such as '2' or '2,3,4'.", e.Message);
        Assert.Contains("rednet.scales", FitError(path).Message);
    }

    [Fact]
    public void Nan_weights_are_refused_at_load()
    {
        var weights = RedNetModelSource.Default.Weights;
        var poisoned = weights.Encoder[2] with { Weight = (float[])weights.Encoder[2].Weight.Clone() };
        poisoned.Weight[5] = float.NaN;
        poisoned.Weight[7] = float.PositiveInfinity;
        var encoder = weights.Encoder.ToArray();
        encoder[2] = poisoned;
        string path = Write(weights with { Encoder = encoder }, "2");

        var e = Assert.Throws<FormatException>(() => RedNetOnnxReader.ReadFile(path));
        Assert.Contains($"'{path}': 'encoder.2.weight' holds 2 NaN or infinite value(s)", e.Message);
        Assert.Contains("NaN", FitError(path).Message);
    }

    [Fact]
    public void A_folder_given_as_the_model_says_it_is_a_folder()
    {
        string folder = TestPaths.NewTempDirectory();
        Assert.Contains($"RED-Net model '{folder}' is a folder; name the model file (.onnx) itself.", FitError(folder).Message);
    }
}
