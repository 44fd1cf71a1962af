using System.CommandLine;

namespace RedNet.Cli.Commands;

/// <summary>
/// <c>rednet train</c> and <c>rednet export</c>: the verbs of the <c>rednet-train</c> tool, kept here only to say how to get
/// them. They need TorchSharp and libtorch, which the inference tool deliberately does not carry.
/// </summary>
public static class TrainingToolCommand
{
    public static Command Create(string verb, string description)
    {
        var rest = new Argument<string[]>("arguments") { Description = "Anything; they belong to rednet-train.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command(verb, description + " Moved to the rednet-train tool.") { rest };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(_ =>
        {
            Console.Error.WriteLine(Message(verb));
            return Program.UsageError;
        });
        return command;
    }

    /// <summary>What <c>rednet VERB</c> prints: the tool to install and the command to run instead.</summary>
    public static string Message(string verb) =>
        $"error: '{verb}' is in the rednet-train tool, which brings TorchSharp and libtorch (about 500 MB); this tool is inference only.\n" +
        "  install it:  dotnet tool install --global rednet-train   (from this repository: --add-source artifacts/packages)\n" +
        $"  then run:    rednet-train {verb} ...                    (from source: dotnet run --project src/RedNet.Training.Cli -- {verb} ...)";
}
