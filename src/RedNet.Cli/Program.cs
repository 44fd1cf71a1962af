using System.CommandLine;
using RedNet.Cli.Commands;

namespace RedNet.Cli;

/// <summary>The <c>rednet</c> tool: thin verbs over RedNet.MLNet and RedNet.Training.</summary>
public static class Program
{
    public static int Main(string[] args) => BuildRootCommand().Parse(args).Invoke();

    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("RedNet.NET: RED-Net image super-resolution for .NET (Mao, Shen & Yang, NIPS 2016).");
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        return root;
    }
}
