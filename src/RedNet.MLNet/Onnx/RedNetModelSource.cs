namespace RedNet.MLNet.Onnx;

/// <summary>Finds the RED-Net ONNX model to run: a file the user names, or the default model embedded in this assembly.</summary>
public static class RedNetModelSource
{
    /// <summary>Manifest name of the embedded default model (models/rednet-default.onnx in the repository).</summary>
    public const string EmbeddedResourceName = "RedNet.MLNet.Models.rednet-default.onnx";

    private static readonly Lazy<RedNetOnnxModel> Embedded = new(() =>
    {
        using var stream = typeof(RedNetModelSource).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"The embedded default model '{EmbeddedResourceName}' is missing from {typeof(RedNetModelSource).Assembly.GetName().Name}.");
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return RedNetOnnxReader.Read(buffer.ToArray(), "embedded default model");
    });

    /// <summary>The embedded default model.</summary>
    public static RedNetOnnxModel Default => Embedded.Value;

    /// <summary><paramref name="modelPath"/>'s model, or the embedded one when it is null. Throws <see cref="FormatException"/>
    /// for a file that is not a RED-Net ONNX model and <see cref="FileNotFoundException"/> for a missing one.</summary>
    public static RedNetOnnxModel Load(string? modelPath)
    {
        if (modelPath is null) return Default;
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"RED-Net model '{modelPath}' does not exist.", modelPath);
        return RedNetOnnxReader.ReadFile(modelPath);
    }
}
