using System.CommandLine;
using RedNet.MLNet.Onnx;
using RedNet.Training.Export;

namespace RedNet.Training.Cli.Commands;

/// <summary><c>rednet-train export</c>: a checkpoint (or a run folder) to an ONNX model with its metadata; with --int8, the int8 model.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("checkpoint") { Description = "A run folder (uses its checkpoint.ckpt), a checkpoint file, or (with --int8) an fp32 .onnx model to quantize." };
        var output = new Option<string>("--output", "-o") { Description = "The .onnx file to write.", Required = true };
        var layout = new Option<RedNetOnnxLayout>("--layout") { Description = "nchw: input [N,1,H,W]; flat: pixels [1,L] + shape [2] (for ML.NET).", DefaultValueFactory = _ => RedNetOnnxLayout.Nchw };
        var int8 = new Option<bool>("--int8") { Description = "Write the int8 model (QDQ: per-channel int8 weights, uint8 activations calibrated on --calibration)." };
        var calibration = new Option<string[]>("--calibration") { Description = "With --int8: a folder of training images to calibrate the activations on (repeatable; never Set5/Set14/BSD100).", AllowMultipleArgumentsPerToken = false };
        var weightBits = new Option<int>("--weight-bits") { Description = "With --int8: 8, or 7 (ONNX Runtime's reduce_range, for CPUs without VNNI).", DefaultValueFactory = _ => 8 };
        var command = new Command("export", "Export a trained RED-Net to ONNX.") { source, output, layout, int8, calibration, weightBits };
        command.SetAction(parse =>
        {
            string from = parse.GetValue(source)!, to = parse.GetValue(output)!;
            var folders = parse.GetValue(calibration) ?? Array.Empty<string>();
            int bits = parse.GetValue(weightBits);
            if (!parse.GetValue(int8) && folders.Length > 0)
            {
                Console.Error.WriteLine("error: --calibration only applies with --int8.");
                return 2;
            }
            if (parse.GetValue(int8) && folders.Length == 0)
            {
                Console.Error.WriteLine("error: --int8 needs --calibration DIR: a folder of training images (e.g. ../shared/datasets/T91) to measure the activation ranges on.");
                return 2;
            }
            if (bits is not (7 or 8))
            {
                Console.Error.WriteLine($"error: --weight-bits is {bits}; 8 or 7.");
                return 2;
            }
            var quantize = parse.GetValue(int8) ? new Int8Export(folders, bits) : null;
            try
            {
                if (from.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
                {
                    if (quantize is null)
                    {
                        Console.Error.WriteLine($"error: '{from}' is already an ONNX model; give --int8 --calibration DIR to quantize it.");
                        return 2;
                    }
                    var model = quantize.ExportOnnx(from, to, parse.GetValue(layout));
                    Console.WriteLine($"wrote {to}: int8 {model.Weights.Config.Name} from {from}, scales x{string.Join(",x", model.Scales)}, {Describe(to)}");
                    return 0;
                }
                var state = RedNetExporter.ExportCheckpoint(from, to, parse.GetValue(layout), quantize);
                Console.WriteLine($"wrote {to}: {(quantize is null ? "" : "int8 ")}{state.Options.Model.Name} ({state.Options.Model.ParameterCount:N0} parameters), scales x{string.Join(",x", state.Options.Scales)}, " +
                                  $"{state.Iteration} iterations" + (state.ValidationPsnr is { } p ? $", validation PSNR {p:0.000} dB" : "") +
                                  (quantize is null ? "" : $", {Describe(to)}"));
                return 0;
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException or FormatException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static string Describe(string int8Model) => $"calibrated on {RedNetOnnxReader.ReadFile(int8Model).Int8!.Source}";
}
