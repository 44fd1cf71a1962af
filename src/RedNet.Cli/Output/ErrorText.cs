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
}
