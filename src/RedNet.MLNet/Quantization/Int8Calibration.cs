using System.Globalization;
using RedNet.MLNet.Model;

namespace RedNet.MLNet.Quantization;

/// <summary>The range of values an activation takes on the calibration images (uint8 covers exactly this range, 0 included).</summary>
public readonly record struct ActivationRange(float Min, float Max)
{
    /// <summary>uint8 step: the range, widened to include 0, over 255 steps (never 0, so a constant-zero activation still works).</summary>
    public float Scale => Math.Max((Math.Max(Max, 0f) - Math.Min(Min, 0f)) / 255f, 1e-8f);

    /// <summary>The uint8 value that stands for 0.</summary>
    public byte ZeroPoint => (byte)Math.Clamp(MathF.Round(-Math.Min(Min, 0f) / Scale), 0f, 255f);
}

/// <summary>
/// What makes a RED-Net's int8 model: the range of each quantized activation (<see cref="ActivationPoints"/>), measured on
/// training images by <see cref="Int8Calibrator"/>, and the bits its per-channel weights use. Stored in the ONNX metadata of
/// an int8 model (<c>rednet-train export --int8</c>), so the ML.NET stage can rebuild the same int8 graph around its tiling.
/// </summary>
public sealed record Int8Calibration(IReadOnlyDictionary<string, ActivationRange> Ranges, int WeightBits, string Source)
{
    public const string PrecisionKey = "rednet.precision";
    public const string RangesKey = "rednet.int8.activation_ranges";
    public const string WeightBitsKey = "rednet.int8.weight_bits";
    public const string SourceKey = "rednet.int8.calibration";

    /// <summary>
    /// 8 uses the full int8 range for weights. 7 (ONNX Runtime's "reduce_range") keeps u8×s8 products of adjacent pairs
    /// inside int16, which CPUs without VNNI need: their u8×s8 instruction (vpmaddubsw) saturates the pair sum.
    /// </summary>
    public int WeightMax => (1 << (WeightBits - 1)) - 1;

    /// <summary>Throws <see cref="FormatException"/> naming <paramref name="source"/> when a point of <paramref name="config"/> has no valid range.</summary>
    public void Validate(RedNetConfig config, string source)
    {
        if (WeightBits is not (7 or 8)) throw new FormatException($"'{source}': int8 weight bits are {WeightBits}; 7 or 8 expected.");
        foreach (var point in ActivationPoints.Of(config))
        {
            if (!Ranges.TryGetValue(point, out var r))
                throw new FormatException($"'{source}': the int8 calibration has no range for '{point}'.");
            if (!float.IsFinite(r.Min) || !float.IsFinite(r.Max) || r.Min > r.Max)
                throw new FormatException($"'{source}': the int8 range of '{point}' is [{r.Min}, {r.Max}].");
        }
    }

    public Dictionary<string, string> ToMetadata() => new()
    {
        [PrecisionKey] = "int8",
        [RangesKey] = string.Join(";", Ranges.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}={kv.Value.Min.ToString("R", CultureInfo.InvariantCulture)}:{kv.Value.Max.ToString("R", CultureInfo.InvariantCulture)}")),
        [WeightBitsKey] = WeightBits.ToString(CultureInfo.InvariantCulture),
        [SourceKey] = Source,
    };

    /// <summary>The calibration stored in a model's metadata; null for an fp32 model. Throws <see cref="FormatException"/> when it is damaged.</summary>
    public static Int8Calibration? FromMetadata(IReadOnlyDictionary<string, string> metadata, string source)
    {
        if (!metadata.TryGetValue(RangesKey, out var text)) return null;
        var ranges = new Dictionary<string, ActivationRange>(StringComparer.Ordinal);
        foreach (var entry in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var nameAndRange = entry.Split('=');
            var bounds = nameAndRange.Length == 2 ? nameAndRange[1].Split(':') : Array.Empty<string>();
            if (bounds.Length != 2
                || !float.TryParse(bounds[0], NumberStyles.Float, CultureInfo.InvariantCulture, out float min)
                || !float.TryParse(bounds[1], NumberStyles.Float, CultureInfo.InvariantCulture, out float max))
                throw new FormatException($"'{source}': int8 metadata '{RangesKey}' has '{entry}', not 'point=min:max'.");
            ranges[nameAndRange[0]] = new ActivationRange(min, max);
        }
        if (!metadata.TryGetValue(WeightBitsKey, out var bitsText) || !int.TryParse(bitsText, NumberStyles.None, CultureInfo.InvariantCulture, out int bits))
            throw new FormatException($"'{source}': int8 metadata '{WeightBitsKey}' is missing or not a number.");
        return new Int8Calibration(ranges, bits, metadata.GetValueOrDefault(SourceKey, ""));
    }
}
