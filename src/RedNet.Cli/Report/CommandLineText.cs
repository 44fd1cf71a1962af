namespace RedNet.Cli.Report;

/// <summary>The command line this process was started with, as a shell would need it typed again (for reports).</summary>
public static class CommandLineText
{
    public static string Current() => Format(Environment.GetCommandLineArgs().Skip(1));

    public static string Format(IEnumerable<string> args) => string.Join(' ', new[] { "rednet" }.Concat(args.Select(Quote)));

    // POSIX quoting: safe characters as they are, anything else in single quotes (an inner ' becomes '\'').
    private static string Quote(string arg)
        => arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
            ? arg
            : "'" + arg.Replace("'", "'\\''") + "'";
}
