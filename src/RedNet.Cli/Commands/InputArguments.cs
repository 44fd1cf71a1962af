using System.CommandLine;

namespace RedNet.Cli.Commands;

/// <summary>Checks of the input-file arguments of <c>upscale</c> and <c>apply</c>.</summary>
public static class InputArguments
{
    /// <summary>
    /// Makes a token that looks like an option (<c>--tiles</c>) but names no file a usage error, instead of an input that
    /// "does not exist" while the run goes on with the defaults. (System.CommandLine hands unknown options to the argument.)
    /// </summary>
    public static void RejectUnknownOptions(Argument<string[]> inputs, string verb)
    {
        inputs.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
                if (token.Value.StartsWith('-') && token.Value.Length > 1 && !File.Exists(token.Value) && !Directory.Exists(token.Value))
                    result.AddError($"unknown option '{token.Value}' (rednet {verb} --help lists them).");
        });
    }
}
