using System.Diagnostics;
using RedNet.Cli.Imaging;
using RedNet.Cli.Output;
using RedNet.MLNet;
using RedNet.MLNet.Imaging;
using RedNet.MLNet.Metrics;

namespace RedNet.Cli.Batch;

/// <summary>
/// Scores one table row in three steps, so that <see cref="BatchRun"/> can decode the next row and encode the previous one
/// while the network runs: <see cref="Open"/> the input (and reference) with <see cref="ImageInput"/>, <see cref="Enlarge"/> it
/// (<see cref="RedNetStripUpscaler"/>), <see cref="Finish"/>: score it and write it atomically into the output folder under its
/// <see cref="OutputFileName"/>. Every failure, in any step, becomes the row's error and the later steps pass it on; nothing
/// is written for a failed row.
/// </summary>
/// <param name="warn">Gets "row N: 'path': note" for what an input lost or had changed (16-bit reduced, EXIF orientation applied, …).</param>
public sealed class BatchRowProcessor(ImageTable table, RedNetStripUpscaler upscaler, long maxPixels, string outputFolder, Action<string>? warn = null)
{
    /// <summary>A row between the steps: what the last step made of it, or its result once it has one (an error, a skip).</summary>
    public sealed class InFlight : IDisposable
    {
        internal InFlight(TableRow row) => Row = row;

        public TableRow Row { get; }

        /// <summary>The row's result when an earlier step settled it; null while it is still being worked on.</summary>
        public BatchRowResult? Result { get; internal set; }

        internal string Name = "", Target = "";
        internal DecodedImage? Input;
        internal RgbImage? Reference;
        internal Enlargement? Output;
        internal long Milliseconds; // the row's own work, summed over the steps (not the time it waited between them)

        public void Dispose() => Output?.Dispose();
    }

    /// <summary>All three steps, one after the other.</summary>
    public BatchRowResult Process(TableRow row) => Finish(Enlarge(Open(row)));

    /// <summary>Step 1: decodes the input and the reference.</summary>
    public InFlight Open(TableRow row) => Step(new InFlight(row), r =>
    {
        if (table.RaggedError(row) is { } ragged)
        {
            r.Result = Result(r, BatchRowStatus.Error, ragged);
            return;
        }
        if (string.IsNullOrWhiteSpace(row.Image))
        {
            r.Result = Result(r, BatchRowStatus.Skipped, "the image cell is empty");
            return;
        }
        r.Name = OutputFileName.For(row.Index, row.Image, upscaler.Scale);
        r.Target = ContainedPath.Combine(outputFolder, r.Name);
        r.Input = ImageInput.Open(table.Resolve(row.Image), maxPixels, "--max-pixels");
        r.Reference = row.Reference is null ? null
            : string.IsNullOrWhiteSpace(row.Reference) ? throw new InvalidDataException("the reference cell is empty")
            : ImageInput.Load(table.Resolve(row.Reference), maxPixels, "--max-pixels");
    });

    /// <summary>Step 2: the network (the colour is kept as RGB only when a reference will score it).</summary>
    public InFlight Enlarge(InFlight row) => Step(row, r =>
    {
        r.Output = Enlargement.Create(upscaler, r.Input!, r.Target, keepColour: r.Reference is not null);
        r.Input = null; // the decoded input is not needed any more: let it go before the next one is enlarged
    });

    /// <summary>Step 3: scores and writes the output; returns the row's result.</summary>
    public BatchRowResult Finish(InFlight row)
    {
        using (row)
            Step(row, r =>
            {
                var output = r.Output!;
                foreach (var note in output.Notes) warn?.Invoke($"row {r.Row.Index}: '{table.Resolve(r.Row.Image)}': {note}.");
                // Scored as before grey outputs were written grey: on the colour the pipeline gave (the label's flag rules Y).
                QualityScore? score = r.Reference is null ? null : Score(r.Reference, output.Colour!, r.Row.Reference!);
                output.Save(r.Target);
                r.Result = Result(r, BatchRowStatus.Ok, "", r.Name, output.Width, output.Height, score);
            });
        return row.Result!;
    }

    // Runs a step unless the row is settled; its exception becomes the row's error. The row's time adds up its steps.
    private static InFlight Step(InFlight row, Action<InFlight> step)
    {
        if (row.Result is not null) return row;
        var clock = Stopwatch.StartNew();
        try
        {
            step(row);
        }
        catch (Exception e)
        {
            row.Result = Result(row, BatchRowStatus.Error, ErrorText.Describe(e));
            row.Dispose();
        }
        row.Milliseconds += clock.ElapsedMilliseconds;
        if (row.Result is not null) row.Result = row.Result with { Milliseconds = row.Milliseconds };
        return row;
    }

    private static BatchRowResult Result(InFlight r, BatchRowStatus status, string error, string output = "", int? width = null, int? height = null,
        QualityScore? score = null)
        => new(r.Row.Index, r.Row.Image, output, width, height, status, error, score?.Psnr, score?.Ssim, r.Milliseconds);

    private QualityScore Score(RgbImage reference, RgbImage output, string referenceCell)
    {
        try
        {
            return SuperResolutionQuality.MeasureAgainstHighResolution(reference, output, upscaler.Scale);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"reference '{table.Resolve(referenceCell)}' cannot score the x{upscaler.Scale} output: {e.Message}", e);
        }
    }
}
