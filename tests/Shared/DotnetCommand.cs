using System.Diagnostics;

namespace RedNet.Tests;

/// <summary>Runs the dotnet CLI from a test as a user would from a shell (linked into the test projects that start builds).</summary>
internal static class DotnetCommand
{
    /// <summary>Exit code and stdout + stderr of <c>dotnet ARGS</c> in <paramref name="workingDirectory"/>; throws <see cref="TimeoutException"/> past <paramref name="timeout"/>.</summary>
    public static (int ExitCode, string Output) Run(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // `dotnet test` hands its MSBuild settings down to the test host; the builds a test starts need their own.
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            psi.Environment.Remove(name);
        // No build servers or reusable MSBuild nodes outliving the run (they would hold the output pipes open).
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        psi.Environment["UseSharedCompilation"] = "false";
        psi.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish in {timeout}.");
        }
        Task.WaitAll(new Task[] { stdout, stderr }, TimeSpan.FromSeconds(30));
        string Text(Task<string> t) => t.IsCompletedSuccessfully ? t.Result : "";
        return (process.ExitCode, Text(stdout) + Text(stderr));
    }
}
