using System.CommandLine;
using RedNet.Cli.Commands;

namespace RedNet.Cli;

/// <summary>The <c>rednet</c> tool: thin inference verbs over RedNet.MLNet (training and export: the <c>rednet-train</c> tool).</summary>
public static class Program
{
    /// <summary>Exit code of a command line that does not parse (unknown option, missing value), as for other usage errors.</summary>
    public const int UsageError = 2;

    public static int Main(string[] args)
    {
        var parse = BuildRootCommand().Parse(args);
        int code = parse.Invoke();
        // System.CommandLine answers a parse error with 1, which scripts would read as "some images failed".
        return parse.Errors.Count > 0 ? UsageError : code;
    }

    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("RedNet.NET: RED-Net image super-resolution for .NET (Mao, Shen & Yang, NIPS 2016).");
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(UpscaleCommand.Create());
        root.Subcommands.Add(BatchCommand.Create());
        root.Subcommands.Add(BatchMergeCommand.Create());
        root.Subcommands.Add(ApplyCommand.Create());
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(TrainingToolCommand.Create("train", "Train a RED-Net."));
        root.Subcommands.Add(TrainingToolCommand.Create("export", "Export a trained RED-Net to ONNX."));
        return root;
    }
}
