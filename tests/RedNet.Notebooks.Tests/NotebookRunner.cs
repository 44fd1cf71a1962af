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
        => DotnetCommand.Run(workingDirectory, timeout, args);
}
