using System.Text.Json.Serialization;

namespace RedNet.MLNet;

/// <summary>The arithmetic the network runs in (<see cref="ApplyRedNetOptions.Precision"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RedNetPrecision>))]
public enum RedNetPrecision
{
    /// <summary>32-bit floats: the model as trained.</summary>
    Fp32,

    /// <summary>
    /// The int8 model (QDQ: per-channel int8 weights, uint8 activations calibrated on training images; input, residual and
    /// output in float). Faster on CPU, slightly less exact; benchmarks/RESULTS.md and models/README.md give the trade-off
    /// measured on the embedded models.
    /// </summary>
    Int8,
}
