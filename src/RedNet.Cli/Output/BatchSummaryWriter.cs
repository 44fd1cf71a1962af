using System.Globalization;
using RedNet.Cli.Batch;

namespace RedNet.Cli.Output;

/// <summary>Writes a <see cref="BatchOutcome"/> as one summary line or as the documented JSON object.</summary>
public static class BatchSummaryWriter
{
    public static void WriteText(BatchOutcome outcome, TextWriter writer)
    {
        string quality = outcome.MeanPsnr is { } psnr
            ? $", mean PSNR {EvaluationReportWriter.FormatPsnr(psnr)} dB SSIM {outcome.MeanSsim!.Value.ToString("0.0000", CultureInfo.InvariantCulture)}"
            : "";
        writer.WriteLine($"batch{(outcome.Shard is { } s ? $" shard {s}" : "")}: {outcome.Rows.Count} rows, {outcome.Ok} ok, {outcome.Failed} failed, " +
                         $"{outcome.Skipped} skipped ({outcome.Resumed} kept from the previous run) in {outcome.Elapsed.TotalSeconds:0.0} s, " +
                         $"{outcome.ImagesPerSecond:0.##} images/s{quality}");
        writer.WriteLine($"results: {outcome.ResultsPath}");
    }

    public static void WriteJson(BatchOutcome outcome, TextWriter writer)
    {
        var json = new
        {
            rows = outcome.Rows.Count,
            ok = outcome.Ok,
            failed = outcome.Failed,
            skipped = outcome.Skipped,
            resumed = outcome.Resumed,
            seconds = Math.Round(outcome.Elapsed.TotalSeconds, 3),
            imagesPerSecond = Math.Round(outcome.ImagesPerSecond, 3),
            psnr = outcome.MeanPsnr,
            ssim = outcome.MeanSsim,
            shard = outcome.Shard?.ToString(),
            results = outcome.ResultsPath,
        };
        writer.WriteLine(Json.Serialize(json));
    }
}
