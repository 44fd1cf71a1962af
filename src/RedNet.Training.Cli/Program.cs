using System.CommandLine;
using RedNet.Training.Cli.Commands;

namespace RedNet.Training.Cli;

/// <summary>The <c>rednet-train</c> tool: the verbs that need TorchSharp (train, export), apart from the <c>rednet</c> tool so that inference never carries libtorch.</summary>
public static class Program
{
    /// <summary>Exit code of a command line that does not parse, as in the <c>rednet</c> tool.</summary>
    public const int UsageError = 2;

    public static int Main(string[] args)
    {
        var root = new RootCommand("RedNet.NET training: train RED-Nets with TorchSharp and export them to ONNX (inference: the rednet tool).")
        {
            TrainCommand.Create(),
            ExportCommand.Create(),
        };
        var parse = root.Parse(args);
        int code = parse.Invoke();
        return parse.Errors.Count > 0 ? UsageError : code;
    }
}
