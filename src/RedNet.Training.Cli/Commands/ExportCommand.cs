using System.CommandLine;
using RedNet.MLNet.Onnx;
using RedNet.Training.Export;

namespace RedNet.Training.Cli.Commands;

/// <summary><c>rednet-train export</c>: a checkpoint (or a run folder) to an ONNX model with its metadata.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("checkpoint") { Description = "A run folder (uses its checkpoint.ckpt) or a checkpoint file." };
        var output = new Option<string>("--output", "-o") { Description = "The .onnx file to write.", Required = true };
        var layout = new Option<RedNetOnnxLayout>("--layout") { Description = "nchw: input [N,1,H,W]; flat: pixels [1,L] + shape [2] (for ML.NET).", DefaultValueFactory = _ => RedNetOnnxLayout.Nchw };
        var command = new Command("export", "Export a trained RED-Net to ONNX.") { source, output, layout };
        command.SetAction(parse =>
        {
            string from = parse.GetValue(source)!, to = parse.GetValue(output)!;
            try
            {
                var state = RedNetExporter.ExportCheckpoint(from, to, parse.GetValue(layout));
                Console.WriteLine($"wrote {to}: {state.Options.Model.Name} ({state.Options.Model.ParameterCount:N0} parameters), scales x{string.Join(",x", state.Options.Scales)}, " +
                                  $"{state.Iteration} iterations" + (state.ValidationPsnr is { } p ? $", validation PSNR {p:0.000} dB" : ""));
                return 0;
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
