using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using RedNet.MLNet;
using RedNet.MLNet.Evaluation;
using RedNet.MLNet.Imaging;
using RedNet.MLNet.Metrics;

namespace RedNet.Cli.Tests;

public class BatchCommandTests
{
    [Fact]
    public void A_table_with_bad_rows_completes_every_good_row_reports_every_bad_one_and_writes_only_into_out()
    {
        var table = BatchTable.Create(rowCount: 210, badEvery: 7);
        Assert.True(table.Rows.Count(r => !r.Good) >= table.Rows.Count / 10);
        var before = Snapshot(table.Root, except: table.Out);

        var result = CliRunner.Run(table.BatchArgs(extra: "--json"));

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\n{result.Stderr}");
        Assert.Equal(before, Snapshot(table.Root, except: table.Out));
        Assert.False(File.Exists("/etc/x.png"));

        var results = ResultsTable.Read(Path.Combine(table.Out, "results.csv"));
        Assert.Equal(new[] { "row", "input", "output", "width", "height", "status", "error", "psnr", "ssim", "ms" }, results.Header);
        Assert.Equal(table.Rows.Count, results.Rows.Count);
        var written = new HashSet<string> { "results.csv", "results.csv.journal" };
        foreach (var (row, fields) in table.Rows.Zip(results.Rows))
        {
            Assert.Equal(row.Index.ToString(CultureInfo.InvariantCulture), results.Get(fields, "row"));
            Assert.Equal(row.Cell, results.Get(fields, "input"));
            string status = results.Get(fields, "status"), error = results.Get(fields, "error"), output = results.Get(fields, "output");
            if (row.Good)
            {
                Assert.True(status == "ok", $"row {row.Index} '{row.Cell}': {status} {error}");
                Assert.Matches("^[A-Za-z0-9._-]+$", output);
                Assert.StartsWith($"{row.Index:D6}_", output);
                Assert.DoesNotContain("..", output);
                var image = ImageCodec.Decode(Path.Combine(table.Out, output));
                Assert.Equal((2 * row.Width, 2 * row.Height), (image.Width, image.Height));
                Assert.Equal((2 * row.Width).ToString(CultureInfo.InvariantCulture), results.Get(fields, "width"));
                Assert.Equal((2 * row.Height).ToString(CultureInfo.InvariantCulture), results.Get(fields, "height"));
                written.Add(output);
            }
            else if (row.Skipped)
            {
                Assert.Equal("skipped", status);
                Assert.Equal("", output);
            }
            else
            {
                Assert.True(status == "error", $"row {row.Index} '{row.Cell}' should fail with '{row.ExpectedError}' but is {status}");
                Assert.Contains(row.ExpectedError!, error);
                Assert.Equal("", output);
                Assert.Contains($"error: row {row.Index}: ", result.Stderr);
            }
        }
        // The folder holds exactly the good rows' images and the results: no temporary files, no sub-folders.
        Assert.Equal(written.Order(), Directory.EnumerateFileSystemEntries(table.Out).Select(Path.GetFileName).Order()!);

        using var json = JsonDocument.Parse(result.Stdout);
        var summary = json.RootElement;
        Assert.Equal(table.Rows.Count, summary.GetProperty("rows").GetInt32());
        Assert.Equal(table.Rows.Count(r => r.Good), summary.GetProperty("ok").GetInt32());
        Assert.Equal(table.Rows.Count(r => r.ExpectedError is not null), summary.GetProperty("failed").GetInt32());
        Assert.Equal(table.Rows.Count(r => r.Skipped), summary.GetProperty("skipped").GetInt32());
        Assert.Equal(Path.Combine(table.Out, "results.csv"), summary.GetProperty("results").GetString());

        // The outputs are the library pipeline's own results (RedNetUpscale through PipelineSuperResolver).
        using var pipeline = new PipelineSuperResolver(new MLContext(1), new RedNetUpscaleOptions { Scale = 2 });
        foreach (var row in table.Rows.Where(r => r.Good).Take(3))
        {
            var expected = pipeline.Upscale(ImageCodec.Decode(table.Resolve(row.Cell)), 2);
            var output = results.Get(results.Rows[row.Index], "output");
            Assert.Equal(expected.Pixels, ImageCodec.Decode(Path.Combine(table.Out, output)).Pixels);
        }
    }

    [Fact]
    public void A_reference_column_scores_each_row_on_the_protocol_and_a_tsv_table_gets_tsv_results()
    {
        var dir = TestPaths.NewTempDirectory();
        var lines = new List<string> { "low\thigh" };
        var expected = new List<QualityScore>();
        using var pipeline = new PipelineSuperResolver(new MLContext(1), new RedNetUpscaleOptions { Scale = 2 });
        for (int i = 0; i < 4; i++)
        {
            var hr = TestImages.Write(Path.Combine(dir, "hr", $"{i}.png"), 44 + 2 * i, 40, seed: 100 + i);
            var lr = MatlabBicubic.Downscale(hr, 2);
            File.WriteAllBytes(Path.Combine(dir, $"lr {i}.png"), ImageCodec.Encode(lr, ".png"));
            lines.Add($"lr {i}.png\thr/{i}.png");
            expected.Add(SuperResolutionQuality.MeasureAgainstHighResolution(hr, pipeline.Upscale(lr, 2), 2));
        }
        lines.Add("lr 0.png\thr/missing.png");
        File.WriteAllLines(Path.Combine(dir, "pairs.txt"), lines);

        var result = CliRunner.Run("batch", "--table", Path.Combine(dir, "pairs.txt"), "--image-column", "low", "--reference-column", "high",
            "--out", Path.Combine(dir, "out"), "--json");

        Assert.True(result.ExitCode == 1, result.Stderr);
        var results = ResultsTable.Read(Path.Combine(dir, "out", "results.tsv"), '\t');
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal("ok", results.Get(results.Rows[i], "status"));
            Assert.Equal(expected[i].Psnr, double.Parse(results.Get(results.Rows[i], "psnr"), CultureInfo.InvariantCulture), 0.0001);
            Assert.Equal(expected[i].Ssim, double.Parse(results.Get(results.Rows[i], "ssim"), CultureInfo.InvariantCulture), 0.000001);
        }
        Assert.Contains("missing.png", results.Get(results.Rows[4], "error"));
        Assert.False(File.Exists(Path.Combine(dir, "out", "000004_lr_0_x2.png")), "a row that failed must not leave an output");
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(expected.Average(q => q.Psnr), json.RootElement.GetProperty("psnr").GetDouble(), 0.0001);
        Assert.Equal(expected.Average(q => q.Ssim), json.RootElement.GetProperty("ssim").GetDouble(), 0.000001);
    }

    [Fact]
    public void Usage_errors_exit_with_2_and_say_what_is_wrong()
    {
        var dir = TestPaths.NewTempDirectory();
        string tablePath = Path.Combine(dir, "t.csv");
        File.WriteAllText(tablePath, "id,path\n1,a.png\n");

        var missingColumn = CliRunner.Run("batch", "--table", tablePath, "--image-column", "image", "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, missingColumn.ExitCode);
        Assert.Contains("no column 'image'", missingColumn.Stderr);
        Assert.Contains("'id', 'path'", missingColumn.Stderr);
        Assert.Contains(tablePath, missingColumn.Stderr);

        var badShard = CliRunner.Run("batch", "--table", tablePath, "--image-column", "path", "--out", Path.Combine(dir, "out"), "--shard", "8/8");
        Assert.Equal(2, badShard.ExitCode);
        Assert.Contains("--shard", badShard.Stderr);

        var noThreads = CliRunner.Run("batch", "--table", tablePath, "--image-column", "path", "--out", Path.Combine(dir, "out"), "--threads", "0");
        Assert.Equal(2, noThreads.ExitCode);
        Assert.Contains("--threads must be 1 or more", noThreads.Stderr);

        var missingTable = CliRunner.Run("batch", "--table", Path.Combine(dir, "nope.csv"), "--image-column", "path", "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, missingTable.ExitCode);
        Assert.Contains("nope.csv", missingTable.Stderr);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    // Every file and folder under root except those under `except`, with size and write time: what a run must not change.
    private static List<string> Snapshot(string root, string except)
        => Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Where(p => p != except && !p.StartsWith(except + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(p => File.Exists(p) ? $"{p} {new FileInfo(p).Length} {File.GetLastWriteTimeUtc(p).Ticks}" : p + "/")
            .Order(StringComparer.Ordinal)
            .ToList();
}
