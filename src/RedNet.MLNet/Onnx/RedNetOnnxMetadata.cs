namespace RedNet.MLNet.Onnx;

/// <summary>
/// Metadata keys of a RED-Net ONNX model (ModelProto.metadata_props). <see cref="Format"/>, <see cref="Layers"/>,
/// <see cref="Features"/> and <see cref="SkipEvery"/> are required; the rest describe how the model was trained.
/// </summary>
public static class RedNetOnnxMetadata
{
    public const string Format = "rednet.format";
    public const string FormatValue = "rednet-onnx-1";
    public const string Layers = "rednet.layers";
    public const string Features = "rednet.features";
    public const string SkipEvery = "rednet.skip_every";
    public const string Scales = "rednet.scales";
    public const string Layout = "rednet.layout";
    public const string TrainingData = "rednet.training_data";
    public const string Iterations = "rednet.iterations";
    public const string ValidationPsnr = "rednet.validation_psnr";
    public const string ValidationSet = "rednet.validation_set";
    public const string ValidationIteration = "rednet.validation_iteration";
    public const string TrainingSeconds = "rednet.training_seconds";

    /// <summary>Name of the initializers, in convolution form ([out, in, 3, 3]): encoder.{i}.weight etc., 0-based.</summary>
    public static string EncoderWeight(int i) => $"encoder.{i}.weight";
    public static string EncoderBias(int i) => $"encoder.{i}.bias";
    public static string DecoderWeight(int i) => $"decoder.{i}.weight";
    public static string DecoderBias(int i) => $"decoder.{i}.bias";
}
