using System.Diagnostics;
using RedNet.Cli.Imaging;
using RedNet.Cli.Output;
using RedNet.MLNet.Evaluation;
using RedNet.MLNet.Imaging;
using RedNet.MLNet.Metrics;

namespace RedNet.Cli.Batch;

/// <summary>
/// Scores one table row: open the input (and reference) with <see cref="ImageInput"/>, enlarge it with the pipeline, score it,
/// and write it atomically into the output folder under its <see cref="OutputFileName"/>. Every failure becomes the row's
/// error; nothing is written for a failed row.
/// </summary>
/// <param name="warn">Gets "row N: 'path': note" for what an input lost or had changed (16-bit reduced, EXIF orientation applied, …).</param>
public sealed class BatchRowProcessor(ImageTable table, ISuperResolver resolver, int scale, long maxPixels, string outputFolder, Action<string>? warn = null)
{
    public BatchRowResult Process(TableRow row)
    {
        var clock = Stopwatch.StartNew();
        BatchRowResult Result(BatchRowStatus status, string error, string output = "", RgbImage? image = null, QualityScore? score = null)
            => new(row.Index, row.Image, output, image?.Width, image?.Height, status, error, score?.Psnr, score?.Ssim, clock.ElapsedMilliseconds);

        if (table.RaggedError(row) is { } ragged) return Result(BatchRowStatus.Error, ragged);
        if (string.IsNullOrWhiteSpace(row.Image)) return Result(BatchRowStatus.Skipped, "the image cell is empty");
        try
        {
            string name = OutputFileName.For(row.Index, row.Image, scale);
            string target = ContainedPath.Combine(outputFolder, name);
            var input = ImageInput.Open(table.Resolve(row.Image), maxPixels, "--max-pixels");
            var reference = row.Reference is null ? null
                : string.IsNullOrWhiteSpace(row.Reference) ? throw new InvalidDataException("the reference cell is empty")
                : Open(row.Reference);
            var enlargement = Enlargement.Create(resolver, input, scale, target);
            foreach (var note in enlargement.Notes) warn?.Invoke($"row {row.Index}: '{table.Resolve(row.Image)}': {note}.");
            var output = enlargement.Image;
            // Scored as before grey outputs were written grey: on the colour the pipeline gave (the label's flag rules Y).
            QualityScore? score = reference is null ? null : Score(reference, new RgbImage(output.Width, output.Height, output.Pixels), row.Reference!);
            enlargement.Save(target);
            return Result(BatchRowStatus.Ok, "", name, output, score);
        }
        catch (Exception e)
        {
            return Result(BatchRowStatus.Error, ErrorText.Describe(e));
        }
    }

    private RgbImage Open(string cell) => ImageInput.Load(table.Resolve(cell), maxPixels, "--max-pixels");

    private QualityScore Score(RgbImage reference, RgbImage output, string referenceCell)
    {
        try
        {
            return SuperResolutionQuality.MeasureAgainstHighResolution(reference, output, scale);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"reference '{table.Resolve(referenceCell)}' cannot score the x{scale} output: {e.Message}", e);
        }
    }
}
