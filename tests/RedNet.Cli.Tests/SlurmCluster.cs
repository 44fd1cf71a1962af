using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RedNet.Cli.Tests;

/// <summary>One task of a Slurm job array as <c>scontrol show job</c> reports it.</summary>
internal sealed record SlurmTask(int Index, string State, int ExitCode)
{
    private static readonly string[] FinalStates =
        { "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "PREEMPTED", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE" };

    public bool Ended => FinalStates.Contains(State);
}

/// <summary>
/// The Slurm cluster that <c>SLURM_CONF</c> names (.ci/slurm-up.sh starts a one-node one on localhost, and .ci/run exports
/// it), driven through its commands as a user would: sbatch, scontrol, scancel. Where no cluster answers, tests that need
/// one are skipped — unless <c>REDNET_REQUIRE_SLURM=1</c> (set by .ci/run, which started one), where they fail, so that CI
/// cannot pass by skipping them.
/// </summary>
internal sealed partial class SlurmCluster
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private SlurmCluster()
    {
    }

    /// <summary>The cluster, or a skip (a failure when required) saying why there is none.</summary>
    public static SlurmCluster Require()
    {
        string? why = WhyUnavailable();
        if (why is not null && Environment.GetEnvironmentVariable("REDNET_REQUIRE_SLURM") == "1")
            Assert.Fail($"REDNET_REQUIRE_SLURM=1 but no Slurm cluster answers: {why}. .ci/slurm-up.sh starts one; its logs are in $REDNET_SLURM_DIR.");
        Skip.If(why is not null, $"no Slurm cluster ({why}); run .ci/slurm-up.sh and export SLURM_CONF (see .ci/run)");
        return new SlurmCluster();
    }

    /// <summary>
    /// Submits <paramref name="script"/> with <c>sbatch</c>; returns the job id. <paramref name="environment"/> is added
    /// to the test's own, which the job inherits (sbatch's default --export=ALL).
    /// </summary>
    public string Submit(IEnumerable<string> sbatchOptions, string script, IEnumerable<string> scriptArgs, IDictionary<string, string>? environment = null)
    {
        var result = Run("sbatch", new[] { "--parsable" }.Concat(sbatchOptions).Append(script).Concat(scriptArgs), environment);
        Assert.True(result.ExitCode == 0, $"sbatch failed ({result.ExitCode}): {result.Stderr}");
        return result.Stdout.Trim().Split(';')[0];
    }

    /// <summary>The tasks of array job <paramref name="jobId"/>; tasks still pending together are not listed yet.</summary>
    public List<SlurmTask> Tasks(string jobId)
    {
        var result = Run("scontrol", new[] { "show", "job", "--oneliner", jobId });
        Assert.True(result.ExitCode == 0, $"scontrol show job {jobId} failed: {result.Stderr}");
        var tasks = new List<SlurmTask>();
        foreach (var line in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "ArrayTaskId=2-3" is a group of tasks not started yet: not a task of its own.
            var index = ArrayTaskId().Match(line);
            if (!index.Success) continue;
            var state = JobState().Match(line).Groups[1].Value;
            var exit = ExitCode().Match(line);
            tasks.Add(new SlurmTask(int.Parse(index.Groups[1].Value, CultureInfo.InvariantCulture), state,
                int.Parse(exit.Groups[1].Value, CultureInfo.InvariantCulture)));
        }
        return tasks.OrderBy(t => t.Index).ToList();
    }

    /// <summary>Waits until all <paramref name="taskCount"/> tasks of the array have ended; returns them in index order.</summary>
    public List<SlurmTask> WaitForArray(string jobId, int taskCount, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var tasks = Tasks(jobId);
            if (tasks.Count == taskCount && tasks.All(t => t.Ended)) return tasks;
            if (clock.Elapsed > timeout)
                Assert.Fail($"job {jobId} did not end within {timeout}: {string.Join(", ", tasks)}");
            Thread.Sleep(250);
        }
    }

    /// <summary>Cancels one task of an array job, as <c>scancel JOB_TASK</c> does: SIGTERM, then SIGKILL after KillWait.</summary>
    public void Cancel(string jobId, int task)
    {
        var result = Run("scancel", new[] { $"{jobId}_{task}" });
        Assert.True(result.ExitCode == 0, $"scancel {jobId}_{task} failed: {result.Stderr}");
    }

    private static string? WhyUnavailable()
    {
        try
        {
            var ping = Run("scontrol", new[] { "ping" });
            if (ping.ExitCode != 0 || !ping.Stdout.Contains("UP", StringComparison.Ordinal))
                return $"'scontrol ping' says: {(ping.Stdout + ping.Stderr).Trim()}";
            return null;
        }
        catch (Win32Exception)
        {
            return "Slurm's commands are not installed";
        }
    }

    private static CliRunner.Result Run(string command, IEnumerable<string> args, IDictionary<string, string>? environment = null)
        => CliRunner.Execute(command, args, CommandTimeout, environment);

    [GeneratedRegex(@"\bArrayTaskId=([0-9]+)\s")]
    private static partial Regex ArrayTaskId();

    [GeneratedRegex(@"\bJobState=(\S+)")]
    private static partial Regex JobState();

    [GeneratedRegex(@"\bExitCode=([0-9]+):[0-9]+")]
    private static partial Regex ExitCode();
}
