using System.Text.Json;
using System.Text.Json.Serialization;

namespace RedNet.Cli.Output;

/// <summary>JSON settings of the tool's machine-readable output: camelCase keys, +∞ PSNR written as "Infinity".</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
