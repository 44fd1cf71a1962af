using System.Text.Json;
using System.Text.RegularExpressions;

namespace RedNet.Cli.Tests;

/// <summary>
/// The scale-out files under deploy/ as the README shows them: the Slurm script (which SlurmArrayTests submits) and the
/// Kubernetes manifest quoted verbatim, the manifest's command line one that <c>rednet batch</c> accepts, and every path the
/// Dockerfile copies present (no Docker engine runs where the tests do, so the image itself is not built here).
/// </summary>
public class DeployFilesTests
{
    private static string Root => TestPaths.RepositoryRoot;

    [Theory]
    [InlineData("deploy/slurm/rednet-batch.sbatch")]
    [InlineData("deploy/kubernetes/rednet-batch-job.yaml")]
    public void The_readme_quotes_the_file_verbatim(string file)
    {
        string text = File.ReadAllText(Path.Combine(Root, file)).ReplaceLineEndings("\n");
        string readme = File.ReadAllText(Path.Combine(Root, "README.md")).ReplaceLineEndings("\n");
        Assert.True(readme.Contains("\n" + text + "```\n", StringComparison.Ordinal), $"README.md does not quote {file} as it is (in a code block of its own)");
    }

    [Fact]
    public void The_kubernetes_job_runs_a_batch_command_line_that_parses_with_one_shard_per_completion_index()
    {
        string manifest = File.ReadAllText(Path.Combine(Root, "deploy/kubernetes/rednet-batch-job.yaml"));
        // A YAML flow sequence of double-quoted strings is JSON.
        var args = JsonSerializer.Deserialize<string[]>(Regex.Match(manifest, @"args: (\[[^\]]*\])").Groups[1].Value)!;
        int completions = int.Parse(Regex.Match(manifest, @"completions: ([0-9]+)").Groups[1].Value);
        Assert.Equal("batch", args[0]);
        Assert.Equal($"$(JOB_COMPLETION_INDEX)/{completions}", args[Array.IndexOf(args, "--shard") + 1]);
        Assert.Contains("--resume", args);

        for (int index = 0; index < completions; index++)
        {
            var parse = Program.BuildRootCommand().Parse(args.Select(a => a.Replace("$(JOB_COMPLETION_INDEX)", index.ToString())).ToArray());
            Assert.Empty(parse.Errors);
        }
    }

    [Fact]
    public void Every_path_the_dockerfile_copies_from_the_repository_exists()
    {
        var copies = File.ReadLines(Path.Combine(Root, "deploy/docker/Dockerfile"))
            .Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1]) // COPY SOURCE... DESTINATION
            .ToList();
        Assert.NotEmpty(copies);
        foreach (var source in copies)
        {
            string folder = Path.Combine(Root, Path.GetDirectoryName(source.TrimEnd('/')) ?? "");
            string name = Path.GetFileName(source.TrimEnd('/'));
            bool found = Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder, name).Any();
            Assert.True(found, $"deploy/docker/Dockerfile copies '{source}', which is not in the repository");
        }
    }

    [SkippableFact]
    public void The_slurm_script_without_the_tool_path_is_a_usage_error()
    {
        Skip.If(OperatingSystem.IsWindows(), "the script is bash");
        var result = CliRunner.Execute("bash", new[] { Path.Combine(Root, "deploy/slurm/rednet-batch.sbatch"), "4" }, TimeSpan.FromSeconds(30),
            new Dictionary<string, string> { ["REDNET_DLL"] = "" });
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("REDNET_DLL", result.Stderr);
    }
}
