namespace RedNet.Cli.Output;

/// <summary>The one-line message a per-image failure is reported with.</summary>
public static class ErrorText
{
    /// <summary>
    /// Expected failures (bad or missing files, write errors) already say what and where; anything else also names its
    /// exception type, so that a bug in the pipeline is recognisable in a results table or a log.
    /// </summary>
    public static string Describe(Exception e)
        => (e is InvalidDataException or IOException or UnauthorizedAccessException ? e.Message : $"{e.GetType().Name}: {e.Message}")
            .ReplaceLineEndings(" ");

    /// <summary>
    /// A library error about the pipeline's options in the CLI's words: ML.NET's "(Parameter 'scale')" and "Actual value was 5."
    /// go, and the options' library names become the command line's (ModelPath → --model, Scale → --scale, …).
    /// </summary>
    public static string ForOptions(Exception e)
    {
        string message = e.Message;
        if (e is ArgumentOutOfRangeException { ActualValue: { } actual })
            message = message.Replace($"{Environment.NewLine}Actual value was {actual}.", "");
        if (e is ArgumentException { ParamName: { } name }) message = message.Replace($" (Parameter '{name}')", "");
        foreach (var (library, cli) in OptionNames) message = message.Replace(library, cli);
        return message.ReplaceLineEndings(" ").Trim();
    }

    private static readonly (string Library, string Cli)[] OptionNames =
    {
        ("ModelPath: ", "--model: "), ("pass ModelPath", "pass --model"), ("Scale = ", "--scale "), ("TileSize", "--tile"),
        ("CpuThreads", "--threads"), ("GpuDeviceId", "--gpu"),
    };
}
