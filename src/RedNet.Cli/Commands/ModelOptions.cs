using System.CommandLine;
using RedNet.MLNet;

namespace RedNet.Cli.Commands;

/// <summary>
/// The options every verb that runs the RED-Net pipeline shares (<c>--scale</c>, <c>--model</c>, <c>--tile</c>, <c>--gpu</c>,
/// <c>--self-ensemble</c>, <c>--precision</c>, <c>--verbose</c>), declared once so <c>eval</c>, <c>upscale</c> and <c>batch</c> spell and default them alike.
/// </summary>
public sealed class ModelOptions
{
    public Option<int> Scale { get; } = new("--scale", "-s") { Description = "Scale factor (2, 3, 4 with the default model).", DefaultValueFactory = _ => ApplyRedNetOptions.Defaults.Scale };
    public Option<string?> Model { get; } = new("--model") { Description = "RED-Net ONNX model (default: the model embedded in RedNet.MLNet)." };
    public Option<int> Tile { get; } = new("--tile") { Description = "Tile side in output pixels for large images (memory grows with its square).", DefaultValueFactory = _ => ApplyRedNetOptions.Defaults.TileSize };
    public Option<int?> Gpu { get; } = new("--gpu") { Description = "CUDA device id (falls back to CPU with a message saying why)." };
    public Option<bool> SelfEnsemble { get; } = new("--self-ensemble") { Description = "Average the 8 flips/rotations (a little better, 8x slower)." };
    public Option<RedNetPrecision?> Precision { get; } = new("--precision") { Description = "fp32 or int8 (default: the model's own; the embedded models are fp32, int8 uses their embedded int8 versions)." };
    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Print the ONNX Runtime flavour and where the network runs (execution providers, device) to stderr." };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Scale, Model, Tile, Gpu, SelfEnsemble, Precision, Verbose }) command.Options.Add(option);
    }

    /// <summary>The pipeline options the command line asks for.</summary>
    public RedNetUpscaleOptions Read(ParseResult parse) => new()
    {
        Scale = parse.GetValue(Scale),
        ModelPath = parse.GetValue(Model),
        TileSize = parse.GetValue(Tile),
        GpuDeviceId = parse.GetValue(Gpu),
        SelfEnsemble = parse.GetValue(SelfEnsemble),
        Precision = parse.GetValue(Precision),
    };

    /// <summary>With <c>--verbose</c>, writes where the network runs (<paramref name="device"/>) to stderr.</summary>
    public void ReportDevice(ParseResult parse, RedNet.MLNet.Onnx.InferenceDevice device)
    {
        if (parse.GetValue(Verbose)) Console.Error.WriteLine(Output.DeviceLine.For(device));
    }

    /// <summary>A usage error in the options (one line, for stderr), or null when they are usable.</summary>
    public static string? Check(RedNetUpscaleOptions options)
    {
        if (options.Scale < 2) return $"--scale must be 2 or more (got {options.Scale}).";
        if (options.TileSize < 8) return $"--tile must be 8 or more (got {options.TileSize}).";
        return null;
    }
}
