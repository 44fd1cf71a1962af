using System.Diagnostics;
using System.Text.Json.Nodes;

namespace RedNet.Notebooks.Tests;

/// <summary>Runs a notebook of notebooks/ headless, as the README says: <c>dotnet dotnet-repl --run … --exit-after-run</c>
/// with notebooks/ as the working directory, on a copy whose package feed and version are the test's own, writing the
/// executed notebook to a temporary file.</summary>
internal static class NotebookRunner
{
    public sealed record Result(int ExitCode, string Output, ExecutedNotebook Notebook, TimeSpan Elapsed);

    public static string NotebooksFolder => Path.Combine(TestPaths.RepositoryRoot, "notebooks");

    /// <summary>What the notebooks' first cells hand to <c>#i</c>: the repository's local feed.</summary>
    public const string FeedExpression = "Path.Combine(repoRoot, \"artifacts\", \"packages\")";

    /// <summary><c>dotnet tool restore</c> in the repository: installs dotnet-repl from the tool manifest.</summary>
    public static (int ExitCode, string Output) RestoreTools()
        => DotnetCommand.Run(TestPaths.RepositoryRoot, TimeSpan.FromMinutes(5), "tool", "restore");

    /// <summary>The <c>#r "nuget: …"</c> lines of RedNet packages in a notebook's code, as (id, version).</summary>
    public static IEnumerable<(string Id, string Version)> RedNetReferences(string notebookPath)
        => CodeCells(JsonNode.Parse(File.ReadAllText(notebookPath))!)
            .SelectMany(code => System.Text.RegularExpressions.Regex.Matches(code, "#r \"nuget: (RedNet\\.[A-Za-z.]+), ([^\"]+)\""))
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value));

    public static Result Execute(string notebookName, LocalPackageFeed packages, TimeSpan timeout)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rednet-notebook-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "out"));
        try
        {
            string input = Path.Combine(folder, notebookName), outputPath = Path.Combine(folder, "out", notebookName);
            File.WriteAllText(input, WithFeed(File.ReadAllText(Path.Combine(NotebooksFolder, notebookName)), packages));
            var clock = Stopwatch.StartNew();
            var (exitCode, output) = DotnetCommand.Run(NotebooksFolder, timeout, "dotnet-repl", "--run", input, "--exit-after-run", "--output-path", outputPath);
            var notebook = File.Exists(outputPath) ? ExecutedNotebook.Load(outputPath) : ExecutedNotebook.Empty;
            return new Result(exitCode, output, notebook, clock.Elapsed);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The notebook with its feed folder and its RedNet package version replaced by the test's (each must be
    /// there, so a notebook that stops using the feed or the repository's version fails here rather than passing untested).</summary>
    private static string WithFeed(string json, LocalPackageFeed packages)
    {
        var notebook = JsonNode.Parse(json)!;
        int feeds = 0, references = 0;
        foreach (var cell in notebook["cells"]!.AsArray())
        {
            if ((string?)cell!["cell_type"] != "code") continue;
            var code = Source(cell);
            feeds += Count(code, FeedExpression);
            var versioned = System.Text.RegularExpressions.Regex.Replace(code, "(#r \"nuget: RedNet\\.[A-Za-z.]+), " + System.Text.RegularExpressions.Regex.Escape(RepositoryVersion.Value) + "\"",
                m => { references++; return $"{m.Groups[1].Value}, {packages.Version}\""; });
            cell["source"] = versioned.Replace(FeedExpression, "@\"" + packages.Folder + "\"");
        }
        if (feeds != 1 || references == 0)
            throw new InvalidOperationException($"expected the feed expression {FeedExpression} once (found {feeds}) and #r \"nuget: RedNet.…, {RepositoryVersion.Value}\" (found {references})");
        return notebook.ToJsonString();
    }

    private static IEnumerable<string> CodeCells(JsonNode notebook)
        => notebook["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code").Select(c => Source(c!));

    // ipynb stores a cell's source either whole or as an array of lines.
    private static string Source(JsonNode cell)
        => cell["source"] is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)cell["source"] ?? "";

    private static int Count(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
