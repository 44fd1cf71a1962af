using System.Diagnostics;

namespace RedNet.Notebooks.Tests;

/// <summary>Runs a notebook of notebooks/ headless, as the README says: <c>dotnet dotnet-repl --run … --exit-after-run</c>
/// with notebooks/ as the working directory, writing the executed notebook to a temporary file.</summary>
internal static class NotebookRunner
{
    public sealed record Result(int ExitCode, string Output, ExecutedNotebook Notebook, TimeSpan Elapsed);

    public static string NotebooksFolder => Path.Combine(TestPaths.RepositoryRoot, "notebooks");

    /// <summary><c>dotnet tool restore</c> in the repository: installs dotnet-repl from the tool manifest.</summary>
    public static (int ExitCode, string Output) RestoreTools()
        => Run(TestPaths.RepositoryRoot, TimeSpan.FromMinutes(5), "tool", "restore");

    public static Result Execute(string notebookName, TimeSpan timeout)
    {
        var outputFolder = Path.Combine(Path.GetTempPath(), "rednet-notebook-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outputFolder);
        try
        {
            var outputPath = Path.Combine(outputFolder, notebookName);
            var clock = Stopwatch.StartNew();
            var (exitCode, output) = Run(NotebooksFolder, timeout, "dotnet-repl", "--run", notebookName, "--exit-after-run", "--output-path", outputPath);
            var notebook = File.Exists(outputPath) ? ExecutedNotebook.Load(outputPath) : ExecutedNotebook.Empty;
            return new Result(exitCode, output, notebook, clock.Elapsed);
        }
        finally
        {
            Directory.Delete(outputFolder, recursive: true);
        }
    }

    private static (int ExitCode, string Output) Run(string workingDirectory, TimeSpan timeout, params string[] args)
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
        // `dotnet test` hands its MSBuild settings down to the test host; the builds the notebooks start need their own.
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
