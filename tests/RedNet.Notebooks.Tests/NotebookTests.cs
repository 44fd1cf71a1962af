using System.Globalization;

namespace RedNet.Notebooks.Tests;

/// <summary>Once for all the notebook runs: the local tools (dotnet-repl), and RedNet.MLNet and RedNet.Training packed into a
/// feed of their own with a version of their own, which the notebooks restore instead of artifacts/packages' 0.1.0.</summary>
public sealed class NotebookPackages : IDisposable
{
    internal LocalPackageFeed Feed { get; }

    public NotebookPackages()
    {
        var (exitCode, output) = NotebookRunner.RestoreTools();
        if (exitCode != 0) throw new InvalidOperationException($"dotnet tool restore failed ({exitCode}):\n{output}");
        Feed = LocalPackageFeed.Pack(TimeSpan.FromMinutes(10), "src/RedNet.MLNet", "src/RedNet.Training");
    }

    public void Dispose() => Feed.Dispose();
}

/// <summary>The notebooks share one feed and write into artifacts/notebook-runs, so they run one at a time.</summary>
[CollectionDefinition("notebooks")]
public sealed class NotebookCollection : ICollectionFixture<NotebookPackages>;

[Collection("notebooks")]
public class NotebookTests(NotebookPackages packages)
{
    // The limits stop a hung kernel, not a slow machine: with a training run and other builds beside it (load average about
    // 27 on 2 cores), 03 took 9 minutes here.
    private NotebookRunner.Result Run(string name, int minutes)
    {
        var result = NotebookRunner.Execute(name, packages.Feed, TimeSpan.FromMinutes(minutes));
        var errors = string.Join("\n", result.Notebook.Errors);
        var tail = result.Output.Length > 4000 ? result.Output[^4000..] : result.Output;
        Assert.True(result.ExitCode == 0 && errors.Length == 0,
            $"{name}: dotnet-repl exited {result.ExitCode} after {result.Elapsed.TotalSeconds:0} s\n{errors}\n{tail}");
        CheckProseIfSameData(name, result.Notebook);
        return result;
    }

    /// <summary>The text (the same in the run as in the committed file) against the fresh outputs, when the run had the
    /// committed run's data; a clone without ../shared/datasets shows other figures, and is checked by the committed outputs.</summary>
    private static void CheckProseIfSameData(string name, ExecutedNotebook fresh)
    {
        var committed = ExecutedNotebook.Load(Path.Combine(NotebookRunner.NotebooksFolder, name));
        if (NotebookProse.DataLine(fresh) == NotebookProse.DataLine(committed)) NotebookProse.Check(name, fresh, trainedTolerance: 0.1);
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void AssertPng(byte[] png, int minWidth)
    {
        Assert.True(png.Length > 1000 && png[0] == 0x89 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', "not a PNG");
        int width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        Assert.True(width >= minWidth, $"the picture is {width} pixels wide");
    }

    [Fact]
    public void Quickstart_shows_the_crops_and_a_psnr_table_where_rednet_beats_bicubic()
    {
        var notebook = Run("01-quickstart.ipynb", minutes: 15).Notebook;

        AssertPng(Assert.Single(notebook.Pngs), minWidth: 500);
        var table = Assert.Single(notebook.CsvTables, t => t[0].SequenceEqual(new[] { "Image", "BicubicPsnr", "RedNetPsnr", "GainDb", "BicubicSsim", "RedNetSsim" }));
        var rows = table.Skip(1).ToList();
        Assert.True(rows.Count >= 4, "expected 3 images or more, and the mean");
        Assert.All(rows, r => Assert.InRange(Number(r[1]), 20, 50));
        Assert.All(rows, r => Assert.InRange(Number(r[2]), 20, 50));
        Assert.All(rows, r => Assert.InRange(Number(r[5]), 0.5, 1));
        var mean = Assert.Single(rows, r => r[0] == "mean");
        Assert.True(Number(mean[2]) > Number(mean[1]) + 0.1, $"RED-Net {mean[2]} dB vs bicubic {mean[1]} dB");
    }

    [Fact]
    public void Training_notebook_plots_the_curve_and_its_exported_model_beats_bicubic_in_the_pipeline()
    {
        var notebook = Run("02-training.ipynb", minutes: 15).Notebook;

        AssertPng(Assert.Single(notebook.Pngs), minWidth: 800);   // curve.png
        var validation = Assert.Single(notebook.CsvTables, t => t[0].SequenceEqual(new[] { "Iteration", "Loss", "ValidationPsnr", "ValidationSsim", "Seconds" }));
        Assert.True(validation.Length > 5, "expected a validation row every 50 iterations");
        Assert.All(validation.Skip(1), r => Assert.InRange(Number(r[2]), 20, 50));
        var comparison = Assert.Single(notebook.CsvTables, t => t[0].Take(3).SequenceEqual(new[] { "Method", "MeanPsnr", "MeanSsim" }));
        var psnr = comparison.Skip(1).ToDictionary(r => r[0], r => Number(r[1]));
        Assert.Equal(new[] { "bicubic", "tiny RED-Net trained above", "embedded default model" }, psnr.Keys);
        Assert.True(psnr["tiny RED-Net trained above"] > psnr["bicubic"], $"tiny RED-Net {psnr["tiny RED-Net trained above"]} dB vs bicubic {psnr["bicubic"]} dB");
        Assert.Contains("exported artifacts/notebook-runs/02-training/tiny-red4-x2.onnx", notebook.Stdout);
        // TorchSharp ran from the NuGet folder (#r "nuget: RedNet.Training"), with the libstdc++ fix where it is needed.
        Assert.Matches(@"trained 600 iterations in \d+ s", notebook.Stdout);
    }

    [Fact]
    public void Batch_scoring_sets_the_bad_rows_aside_and_shows_the_results_and_the_extremes()
    {
        var notebook = Run("03-batch-scoring.ipynb", minutes: 15).Notebook;

        Assert.Contains("RowDataException: Row 2 (Id = 'missing-input'", notebook.Stdout);   // what happens without the check
        var problems = Assert.Single(notebook.HtmlTables("Id", "Problem"));
        Assert.Equal(new[] { "missing-input", "not-an-image" }, problems.Skip(1).Select(r => r[1]));
        var results = Assert.Single(notebook.HtmlTables("Id", "BicubicPsnr", "RedNetPsnr", "GainDb"));
        var rows = results.Skip(1).ToList();   // cells: index, Id, BicubicPsnr, RedNetPsnr, GainDb
        Assert.InRange(rows.Count, 10, 20);
        Assert.All(rows, r => Assert.InRange(Number(r[2]), 20, 50));
        Assert.All(rows, r => Assert.InRange(Number(r[3]), 20, 50));
        Assert.True(rows.Average(r => Number(r[3])) > rows.Average(r => Number(r[2])), "RED-Net should beat bicubic on average");
        AssertPng(Assert.Single(notebook.Pngs), minWidth: 500);   // worst and best rows
    }
}
