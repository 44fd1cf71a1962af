namespace RedNet.MLNet.Onnx;

/// <summary>
/// Finds the RED-Net ONNX model to run: a file the user names, or one of the models embedded in this assembly
/// (models/rednet-*.onnx in the repository), chosen by the scale it was trained for.
/// </summary>
public static class RedNetModelSource
{
    /// <summary>Manifest names of embedded models start with this and end in ".onnx".</summary>
    public const string EmbeddedResourcePrefix = "RedNet.MLNet.Models.";

    private static readonly Lazy<IReadOnlyList<RedNetOnnxModel>> Embedded = new(() =>
    {
        var assembly = typeof(RedNetModelSource).Assembly;
        var models = new List<RedNetOnnxModel>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(EmbeddedResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".onnx", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            models.Add(RedNetOnnxReader.Read(buffer.ToArray(), $"embedded model {name[EmbeddedResourcePrefix.Length..]}"));
        }
        if (models.Count == 0) throw new InvalidOperationException($"No embedded model in {assembly.GetName().Name}.");
        return models;
    });

    /// <summary>Every embedded model (fp32 and int8), in name order.</summary>
    public static IReadOnlyList<RedNetOnnxModel> EmbeddedModels => Embedded.Value;

    /// <summary>The embedded default model: the one for the options' default scale (x2).</summary>
    public static RedNetOnnxModel Default => ForScale(ApplyRedNetOptions.Defaults.Scale);

    /// <summary>
    /// The embedded model trained for <paramref name="scale"/>; among several, the most specialised (fewest scales). fp32
    /// unless <paramref name="int8"/>, which asks for the int8 model made from it. Throws <see cref="ArgumentOutOfRangeException"/>
    /// when none was.
    /// </summary>
    public static RedNetOnnxModel ForScale(int scale, bool int8 = false)
    {
        var models = EmbeddedModels.Where(m => (m.Int8 is not null) == int8).ToList();
        return models.Where(m => m.Scales.Contains(scale)).OrderBy(m => m.Scales.Count).FirstOrDefault()
               ?? throw new ArgumentOutOfRangeException(nameof(scale), scale,
                   $"No embedded {(int8 ? "int8 " : "")}model was trained for x{scale} (they cover {string.Join("; ", models.Select(m => "x" + string.Join(", x", m.Scales)))}); pass ModelPath.");
    }

    /// <summary><paramref name="modelPath"/>'s model, or the embedded one for <paramref name="scale"/> (int8 with <paramref name="int8"/>) when it is null.
    /// Throws <see cref="FormatException"/> for a file that is not a RED-Net ONNX model and <see cref="FileNotFoundException"/>
    /// for a missing one.</summary>
    public static RedNetOnnxModel Load(string? modelPath, int scale = ApplyRedNetOptions.Defaults.Scale, bool int8 = false)
    {
        if (modelPath is null) return ForScale(scale, int8);
        if (Directory.Exists(modelPath))
            throw new FileNotFoundException($"RED-Net model '{modelPath}' is a folder; name the model file (.onnx) itself.", modelPath);
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"RED-Net model '{modelPath}' does not exist.", modelPath);
        if (Imaging.ImageFile.KindOf(modelPath) is { } kind && kind != "regular file")
            throw new FileNotFoundException($"RED-Net model '{modelPath}' is a {kind}, not a regular file; refused without opening it.", modelPath);
        return RedNetOnnxReader.ReadFile(modelPath);
    }
}
