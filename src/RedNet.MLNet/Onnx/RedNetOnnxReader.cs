using System.Globalization;
using Onnx;
using RedNet.MLNet.Model;

namespace RedNet.MLNet.Onnx;

/// <summary>A RED-Net read back from an ONNX file: its weights and all its metadata.</summary>
public sealed record RedNetOnnxModel(RedNetWeights Weights, IReadOnlyDictionary<string, string> Metadata, string Source)
{
    /// <summary>Scale factors the model was trained for (from <see cref="RedNetOnnxMetadata.Scales"/>); empty when unknown.</summary>
    public IReadOnlyList<int> Scales => Metadata.TryGetValue(RedNetOnnxMetadata.Scales, out var s)
        ? ParseScales(s) ?? throw new FormatException($"'{Source}': RED-Net metadata '{RedNetOnnxMetadata.Scales}' is '{s}', not a list of scale factors such as '2' or '2,3,4'.")
        : Array.Empty<int>();

    /// <summary>"2,3,4" → [2, 3, 4]; null when any entry is not a whole number from 2 to 8.</summary>
    internal static int[]? ParseScales(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var scales = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out scales[i]) || scales[i] is < 2 or > 8) return null;
        return parts.Length == 0 ? null : scales;
    }

    public string? Get(string key) => Metadata.TryGetValue(key, out var v) ? v : null;

    /// <summary>The int8 calibration of a model exported with <c>--int8</c>; null for an fp32 model.</summary>
    public Quantization.Int8Calibration? Int8 => Quantization.Int8Calibration.FromMetadata(Metadata, Source);
}

/// <summary>Reads and validates a RED-Net ONNX model written by <see cref="RedNetOnnxWriter"/> (either layout).</summary>
public static class RedNetOnnxReader
{
    public static RedNetOnnxModel ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileNotFoundException($"RED-Net model '{path}' cannot be read ({e.Message}).", path, e);
        }
        return Read(bytes, path);
    }

    /// <summary>Parses <paramref name="bytes"/>; throws <see cref="FormatException"/> naming <paramref name="source"/> when it is
    /// not an ONNX model, or not a RED-Net one, or its weights do not fit its stated architecture.</summary>
    public static RedNetOnnxModel Read(byte[] bytes, string source)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new FormatException($"'{source}' is not an ONNX model ({e.Message}).", e);
        }
        if (model.Graph is null || model.Graph.Node.Count == 0)
            throw new FormatException($"'{source}' is not an ONNX model (it has no graph).");
        var metadata = model.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        if (!metadata.TryGetValue(RedNetOnnxMetadata.Format, out var format))
            throw new FormatException($"'{source}' is an ONNX model but not a RED-Net model: it has no '{RedNetOnnxMetadata.Format}' metadata (export one with 'rednet-train export').");
        if (format != RedNetOnnxMetadata.FormatValue)
            throw new FormatException($"'{source}' has RED-Net format '{format}'; this build reads '{RedNetOnnxMetadata.FormatValue}'.");
        var config = new RedNetConfig
        {
            Layers = RequiredInt(metadata, RedNetOnnxMetadata.Layers, source),
            Features = RequiredInt(metadata, RedNetOnnxMetadata.Features, source),
            SkipEvery = RequiredInt(metadata, RedNetOnnxMetadata.SkipEvery, source),
        };
        try
        {
            config.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"'{source}': invalid RED-Net architecture ({e.Message}).", e);
        }
        if (metadata.TryGetValue(RedNetOnnxMetadata.Scales, out var scales) && RedNetOnnxModel.ParseScales(scales) is null)
            throw new FormatException($"'{source}': RED-Net metadata '{RedNetOnnxMetadata.Scales}' is '{scales}', not a list of scale factors such as '2' or '2,3,4'.");
        try
        {
            Quantization.Int8Calibration.FromMetadata(metadata, source)?.Validate(config, source);
        }
        catch (FormatException e) when (!e.Message.StartsWith($"'{source}'", StringComparison.Ordinal))
        {
            throw new FormatException($"'{source}': {e.Message}", e);
        }
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name);
        var encoder = new List<ConvolutionWeights>();
        var decoder = new List<ConvolutionWeights>();
        for (int i = 0; i < config.Layers; i++)
        {
            encoder.Add(Layer(initializers, RedNetOnnxMetadata.EncoderWeight(i), RedNetOnnxMetadata.EncoderBias(i), source));
            decoder.Add(Layer(initializers, RedNetOnnxMetadata.DecoderWeight(i), RedNetOnnxMetadata.DecoderBias(i), source));
        }
        var weights = new RedNetWeights(config, encoder, decoder);
        try
        {
            weights.Validate();
        }
        catch (FormatException e)
        {
            throw new FormatException($"'{source}': {e.Message}", e);
        }
        return new RedNetOnnxModel(weights, metadata, source);
    }

    private static int RequiredInt(Dictionary<string, string> metadata, string key, string source)
    {
        if (!metadata.TryGetValue(key, out var text) || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            throw new FormatException($"'{source}': RED-Net metadata '{key}' is missing or not a number.");
        return value;
    }

    private static ConvolutionWeights Layer(Dictionary<string, TensorProto> initializers, string weightName, string biasName, string source)
    {
        // An int8 model (rednet-train export --int8) keeps most layers as int8 weights and int32 biases.
        if (Quantization.QuantizedInitializers.TryRead(initializers, weightName, biasName, source) is { } quantized) return quantized;
        if (!initializers.TryGetValue(weightName, out var w) || !initializers.TryGetValue(biasName, out var b))
            throw new FormatException($"'{source}': initializer '{weightName}' or '{biasName}' is missing.");
        if (w.Dims.Count != 4) throw new FormatException($"'{source}': '{weightName}' has {w.Dims.Count} dimensions, expected 4.");
        return new ConvolutionWeights((int)w.Dims[1], (int)w.Dims[0], Finite(w, source), Finite(b, source));
    }

    // A diverged training run can export NaN or infinite weights; the network would then give black images without a word.
    private static float[] Finite(TensorProto t, string source)
    {
        var values = Floats(t, source);
        int bad = values.Count(v => !float.IsFinite(v));
        if (bad > 0)
            throw new FormatException($"'{source}': '{t.Name}' holds {bad} NaN or infinite value(s) of {values.Length}; the model is unusable (did its training diverge?).");
        return values;
    }

    private static float[] Floats(TensorProto t, string source)
    {
        if (t.DataType != (int)TensorProto.Types.DataType.Float)
            throw new FormatException($"'{source}': '{t.Name}' is not float32.");
        if (t.FloatData.Count > 0) return t.FloatData.ToArray();
        var raw = t.RawData.ToByteArray();
        if (raw.Length % 4 != 0) throw new FormatException($"'{source}': '{t.Name}' has {raw.Length} bytes, not a whole number of floats.");
        var values = new float[raw.Length / 4];
        Buffer.BlockCopy(raw, 0, values, 0, raw.Length);
        return values;
    }
}
