using System.Globalization;
using System.Text.RegularExpressions;

namespace RedNet.Notebooks.Tests;

/// <summary>
/// The figures a notebook's text names, checked against the tables it shows, so prose left behind by a re-run (a new model,
/// new data) fails. Each check takes one executed notebook: the committed file (its saved outputs) or a fresh run.
/// </summary>
internal static class NotebookProse
{
    /// <summary>The same notebook text is compared with a fresh run only when that run used the same data as the committed
    /// outputs: the first line a notebook prints says which (the shared data sets, or the fixtures of a clone without them).</summary>
    public static string DataLine(ExecutedNotebook notebook) => notebook.Stdout.Split('\n')[0].Trim();

    /// <param name="trainedTolerance">How far the text may be from figures of a network the notebook trains itself. Training is
    /// bit-identical run to run on one machine, not across CPUs: libtorch's kernels round differently with AVX2 and AVX-512
    /// (02's last validation PSNR: 37.46 dB on the Zen 3 that saved the outputs, 37.44 on a Zen 5), so a fresh run on
    /// another machine is held to 0.1 dB there; the committed outputs, to the text's rounding.</param>
    public static void Check(string name, ExecutedNotebook notebook, double trainedTolerance = 0.005)
    {
        switch (name)
        {
            case "01-quickstart.ipynb": Quickstart(notebook); break;
            case "02-training.ipynb": Training(notebook, trainedTolerance); break;
            case "03-batch-scoring.ipynb": BatchScoring(notebook); break;
            default: throw new ArgumentException($"no prose check for {name}");
        }
    }

    /// <summary>"… **37.38 dB** against **33.68 dB** for bicubic (**+3.70 dB**), from +1.02 dB (head) to +6.77 dB (butterfly)"
    /// and the mean SSIMs against the PSNR/SSIM table (its mean row).</summary>
    private static void Quickstart(ExecutedNotebook notebook)
    {
        var table = Assert.Single(notebook.CsvTables, t => t[0].Take(4).SequenceEqual(new[] { "Image", "BicubicPsnr", "RedNetPsnr", "GainDb" }));
        var rows = table.Skip(1).Where(r => r[0] != "mean").Select(r => (Name: r[0], Bicubic: Number(r[1]), RedNet: Number(r[2]), Gain: Number(r[3]))).ToList();
        var mean = table.Single(r => r[0] == "mean");
        GainSentence(notebook, rows, Number(mean[1]), Number(mean[2]), Number(mean[3]), tolerance: 0.005);
        var ssim = Match(notebook, @"its SSIM too \((?<rednet>0\.\d+) against (?<bicubic>0\.\d+) on average\)");
        Same(ssim, "rednet", Number(mean[5]), 0.00005);
        Same(ssim, "bicubic", Number(mean[4]), 0.00005);
        Assert.True(table.Skip(1).All(r => Number(r[5]) > Number(r[4])), "the text says RED-Net's SSIM is ahead on every image too; the table disagrees");
    }

    /// <summary>The validation curve ("from **36.39 dB** after 50 iterations to **37.46 dB** after 600, against **36.02 dB**
    /// for bicubic") against the log table and the trainer's bicubic line; the ML.NET comparison ("**37.46 dB** …
    /// **1.43 dB** above bicubic (**36.03 dB**) and **1.58 dB** below the embedded default model (**39.04 dB**)") against its table.</summary>
    private static void Training(ExecutedNotebook notebook, double trainedTolerance)
    {
        var log = Assert.Single(notebook.CsvTables, t => t[0].Take(3).SequenceEqual(new[] { "Iteration", "Loss", "ValidationPsnr" })).Skip(1).ToList();
        var curve = Match(notebook, @"from \*\*(?<first>\d+\.\d+) dB\*\* after (?<firstIteration>\d+) iterations to \*\*(?<last>\d+\.\d+) dB\*\* after (?<lastIteration>\d+), against \*\*(?<bicubic>\d+\.\d+) dB\*\* for bicubic");
        Same(curve, "firstIteration", Number(log[0][0]), 0);
        Same(curve, "first", Number(log[0][2]), trainedTolerance);
        Same(curve, "lastIteration", Number(log[^1][0]), 0);
        Same(curve, "last", Number(log[^1][2]), trainedTolerance);
        var bicubic = Regex.Match(notebook.Stdout, @"bicubic PSNR (\d+\.\d+) dB");
        Assert.True(bicubic.Success, "the trainer printed no bicubic PSNR");
        Same(curve, "bicubic", Number(bicubic.Groups[1].Value), 0.005);

        var comparison = Assert.Single(notebook.CsvTables, t => t[0].Take(2).SequenceEqual(new[] { "Method", "MeanPsnr" }));
        var psnr = comparison.Skip(1).ToDictionary(r => r[0], r => Number(r[1]));
        var text = Match(notebook, @"scores \*\*(?<tiny>\d+\.\d+) dB\*\* on the \d+ held-out images, \*\*(?<above>\d+\.\d+) dB\*\* above bicubic \(\*\*(?<bicubic>\d+\.\d+) dB\*\*\) and \*\*(?<below>\d+\.\d+) dB\*\* below the embedded default model \(\*\*(?<default>\d+\.\d+) dB\*\*\)");
        double tiny = psnr["tiny RED-Net trained above"], plain = psnr["bicubic"], embedded = psnr["embedded default model"];
        Same(text, "tiny", tiny, trainedTolerance);
        Same(text, "bicubic", plain, 0.005);
        Same(text, "default", embedded, 0.005);
        Same(text, "above", tiny - plain, trainedTolerance + 0.006);
        Same(text, "below", embedded - tiny, trainedTolerance + 0.006);
        // "The 37.46 dB is the trainer's own last validation figure": the ONNX export in ML.NET scores what TorchSharp did —
        // on any machine, to the table's rounding.
        var same = Match(notebook, @"The (?<tiny>\d+\.\d+) dB is the trainer's own last validation figure");
        Same(same, "tiny", tiny, trainedTolerance);
        Assert.True(Math.Abs(Number(log[^1][2]) - tiny) <= 0.005 + 1e-9,
            $"the trainer's last validation PSNR {Number(log[^1][2])} and ML.NET's score of its export {tiny} differ");
    }

    /// <summary>The bad rows ("Two rows are broken") and the scores sentence against the DataFrames.</summary>
    private static void BatchScoring(ExecutedNotebook notebook)
    {
        var problems = Assert.Single(notebook.HtmlTables("Id", "Problem")).Skip(1).ToList();
        Assert.True(notebook.Prose.Contains("Two rows are broken on purpose") && problems.Count == 2, $"the text says two rows are broken; the table has {problems.Count}");
        var results = Assert.Single(notebook.HtmlTables("Id", "BicubicPsnr", "RedNetPsnr", "GainDb")).Skip(1)   // cells: index, Id, BicubicPsnr, RedNetPsnr, GainDb
            .Select(r => (Name: r[1], Bicubic: Number(r[2]), RedNet: Number(r[3]), Gain: Number(r[4]))).ToList();
        var count = Match(notebook, @"Over the (?<count>\d+) images");
        Same(count, "count", results.Count, 0);
        // Means of values shown with two decimals: within 0.005 + 0.005 of the text's rounded mean.
        GainSentence(notebook, results, results.Average(r => r.Bicubic), results.Average(r => r.RedNet), results.Average(r => r.Gain), tolerance: 0.011);
    }

    /// <summary>"**R dB** against **B dB** for bicubic (**+G dB**), from +a dB (name) to +b dB (name)": the means, and the
    /// rows of the smallest and the largest gain.</summary>
    private static void GainSentence(ExecutedNotebook notebook, IReadOnlyList<(string Name, double Bicubic, double RedNet, double Gain)> rows,
        double bicubic, double rednet, double gain, double tolerance)
    {
        var text = Match(notebook, @"\*\*(?<rednet>\d+\.\d+) dB\*\* against \*\*(?<bicubic>\d+\.\d+) dB\*\* for bicubic \(\*\*\+(?<gain>\d+\.\d+) dB\*\*\), from \+(?<min>\d+\.\d+) dB \((?<minName>[\w-]+)\) to \+(?<max>\d+\.\d+) dB \((?<maxName>[\w-]+)\)");
        Same(text, "rednet", rednet, tolerance);
        Same(text, "bicubic", bicubic, tolerance);
        Same(text, "gain", gain, tolerance);
        var least = rows.MinBy(r => r.Gain);
        var most = rows.MaxBy(r => r.Gain);
        Assert.True(text.Groups["minName"].Value == least.Name && text.Groups["maxName"].Value == most.Name,
            $"the text names {text.Groups["minName"].Value} and {text.Groups["maxName"].Value} as the smallest and largest gains; the table {least.Name} and {most.Name}");
        Same(text, "min", least.Gain, 0.005);
        Same(text, "max", most.Gain, 0.005);
    }

    private static Match Match(ExecutedNotebook notebook, string pattern)
    {
        var match = Regex.Match(notebook.Prose, pattern);
        Assert.True(match.Success, $"no sentence of the notebook's text matches /{pattern}/");
        return match;
    }

    private static void Same(Match text, string group, double shown, double tolerance)
    {
        double said = Number(text.Groups[group].Value);
        Assert.True(Math.Abs(said - shown) <= tolerance + 1e-9,
            $"the text says {said} ({group} in \"{text.Value}\"), the output shows {shown:0.####}: update the text");
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
