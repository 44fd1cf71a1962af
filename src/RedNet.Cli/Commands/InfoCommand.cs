using System.CommandLine;
using RedNet.MLNet.Diagnostics;

namespace RedNet.Cli.Commands;

/// <summary><c>rednet info</c>: what a pipeline will run on here and why (see <see cref="EnvironmentReport"/>).</summary>
public static class InfoCommand
{
    public static Command Create()
    {
        var gpu = new Option<int>("--gpu") { Description = "CUDA device id to check.", DefaultValueFactory = _ => 0 };
        var command = new Command("info", "Show what will run: RedNet and ONNX Runtime versions and flavour, execution providers, whether CUDA is usable and why not, the CPU, the embedded models.")
        {
            gpu,
        };
        command.SetAction(parse =>
        {
            int device = parse.GetValue(gpu);
            if (device < 0)
            {
                Console.Error.WriteLine($"error: --gpu must be 0 or more (got {device}).");
                return 2;
            }
            foreach (var line in EnvironmentReport.Collect(device).Lines()) Console.Out.WriteLine(line);
            return 0;
        });
        return command;
    }
}
