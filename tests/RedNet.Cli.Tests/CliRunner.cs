using System.Diagnostics;

namespace RedNet.Cli.Tests;

/// <summary>Runs the built <c>rednet</c> tool (or the <c>rednet-train</c> tool) in a child process, as a user would, and captures what it prints.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static string ToolPath => Path.Combine(AppContext.BaseDirectory, "rednet.dll");

    /// <summary>The training tool (train, export), a separate program so that the inference tool does not carry libtorch.</summary>
    public static string TrainingToolPath => Path.Combine(AppContext.BaseDirectory, "rednet-train.dll");

    public static Result Run(params string[] args) => Run(TimeSpan.FromMinutes(5), args);

    public static Result RunTrainingTool(params string[] args) => Execute("dotnet", args.Prepend(TrainingToolPath), TimeSpan.FromMinutes(5));

    public static Result Run(TimeSpan timeout, params string[] args) => Execute("dotnet", args.Prepend(ToolPath), timeout);

    /// <summary>Runs any program the same way (the Slurm tests drive sbatch, scontrol and scancel with it).</summary>
    public static Result Execute(string program, IEnumerable<string> args, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        using var process = StartProcess(program, args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', process.StartInfo.ArgumentList)} did not finish in {timeout}.");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts the tool and returns at once (for tests that stop it midway); the caller must drain its output.</summary>
    public static Process Start(params string[] args) => StartProcess("dotnet", args.Prepend(ToolPath));

    private static Process StartProcess(string program, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        return Process.Start(psi)!;
    }
}
