using System.CommandLine;
using Microsoft.ML;
using RedNet.Cli.Batch;
using RedNet.Cli.Output;
using RedNet.MLNet;
using RedNet.MLNet.Evaluation;

namespace RedNet.Cli.Commands;

/// <summary>
/// <c>rednet batch</c>: upscales every image a CSV/TSV table names, with RedNetUpscale's steps a strip of tiles at a time (<see cref="RedNetStripUpscaler"/>), into one
/// folder with a results table; resumable and shardable. Exit codes: 0 every row ok, 1 some rows failed, 2 usage error.
/// </summary>
public static class BatchCommand
{
    public static Command Create()
    {
        var table = new Option<string>("--table") { Description = "CSV or TSV file with a header line (.csv/.tsv, or sniffed from the header).", Required = true };
        var imageColumn = new Option<string>("--image-column") { Description = "Column holding the image paths (relative to the table's folder, or absolute).", Required = true };
        var referenceColumn = new Option<string?>("--reference-column") { Description = "Column holding each image's high-resolution reference: adds PSNR/SSIM (Y, shave = scale)." };
        var output = new Option<string>("--out", "-o") { Description = "Output folder: the images, the results table and its journal. Nothing is written elsewhere.", Required = true };
        var shard = new Option<string?>("--shard") { Description = "I/N: take only shard I (0-based) of N, chosen by a stable hash of the image path." };
        shard.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && ShardSpec.TryParse(text, out var error) is null) result.AddError(error!);
        });
        var resume = new Option<bool>("--resume") { Description = "Keep the rows a previous run of the same batch finished; redo the rest." };
        var json = new Option<bool>("--json") { Description = "Print one JSON summary object on stdout." };
        var maxPixels = MaxPixelsOption.Create();
        var threads = new Option<int?>("--threads")
        {
            Description = "ONNX Runtime threads (default: one per physical core, at most the CPUs this process may use). Under a " +
                          "scheduler that does not confine the task's CPUs, the CPUs the task was given.",
        };
        threads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 and var n) result.AddError($"--threads must be 1 or more (got {n}).");
        });
        var model = new ModelOptions();

        var command = new Command("batch", "Upscale the images a CSV/TSV table lists into one folder, with a results table (exit 0: all rows ok, 1: some failed, 2: usage error).")
        {
            table, imageColumn, referenceColumn, output, shard, resume, json, maxPixels, threads,
        };
        model.AddTo(command);
        command.SetAction(parse =>
        {
            var options = model.Read(parse);
            if (ModelOptions.Check(options) is { } usage)
            {
                Console.Error.WriteLine($"error: {usage}");
                return 2;
            }
            var settings = new BatchSettings(parse.GetValue(table)!, parse.GetValue(imageColumn)!, parse.GetValue(referenceColumn), parse.GetValue(output)!,
                parse.GetValue(shard) is { } s ? ShardSpec.TryParse(s, out _) : null, parse.GetValue(resume), parse.GetValue(maxPixels), options);
            // ONNX Runtime sizes its pool by the machine's physical cores, whatever CPUs the process may use: a scheduler task
            // given 2 CPUs of a 64-core node would otherwise run 64 threads on them.
            settings.Upscale.CpuThreads = parse.GetValue(threads);
            return Run(settings, parse.GetValue(json), upscaler => model.ReportDevice(parse, upscaler.Device));
        });
        return command;
    }

    private static int Run(BatchSettings settings, bool json, Action<RedNetStripUpscaler> reportDevice)
    {
        var mlContext = new MLContext(1);
        BatchOutcome outcome;
        try
        {
            var table = ImageTable.Load(mlContext, settings.TablePath, settings.ImageColumn, settings.ReferenceColumn);
            if (table.CommentLines > 0)
                Console.Error.WriteLine($"warning: '{settings.TablePath}': {table.CommentLines} line(s) start with // and are comments to ML.NET's text loader, not rows.");
            using var upscaler = CreateUpscaler(settings.Upscale);
            reportDevice(upscaler);
            string label = $"batch {Path.GetFileName(settings.TablePath)}{(settings.Shard is { } s ? $" shard {s}" : "")} x{settings.Upscale.Scale}";
            using var progress = new ConsoleProgress(label, "images");
            outcome = BatchRun.Execute(settings, table, upscaler, new SyncProgress<BatchProgress>(p =>
            {
                if (p.Finished is { Status: BatchRowStatus.Error } failed && !p.Reused) progress.WriteLine($"error: row {failed.Row}: {failed.Error}");
                progress.Report(p.Done, p.Total);
            }), warning => progress.WriteLine($"warning: {warning}"));
        }
        catch (BatchSetupException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        if (json) BatchSummaryWriter.WriteJson(outcome, Console.Out);
        else BatchSummaryWriter.WriteText(outcome, Console.Out);
        return outcome.Failed > 0 ? 1 : 0;
    }

    // RedNetUpscale's steps a strip at a time (the library pipeline's pixels); a model or option it refuses is a usage error.
    private static RedNetStripUpscaler CreateUpscaler(RedNetUpscaleOptions options)
    {
        try
        {
            return new RedNetStripUpscaler(options);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new BatchSetupException(ErrorText.ForOptions(e), e);
        }
    }
}
