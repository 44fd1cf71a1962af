using System.CommandLine;
using RedNet.Cli.Imaging;
using RedNet.Cli.Output;
using RedNet.Cli.Upscale;
using RedNet.MLNet;
using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Commands;

/// <summary>
/// <c>rednet upscale</c>: enlarges image files with RedNetUpscale's steps, a strip of tiles at a time (<see cref="RedNetStripUpscaler"/>: the same pixels as the library's pipeline, memory that does not grow with the image beyond the input and output bitmaps), with progress per tile; Ctrl+C stops within one tile and writes nothing for the image in hand. Each input that fails gets one
/// error line and the others go on; the exit code is 1 when any failed, 2 for a usage error.
/// </summary>
public static class UpscaleCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("input") { Description = "Image files, folders (their image files) or patterns such as 'photos/*.jpg'.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--output", "-o") { Description = "Folder to write into (default: beside each input)." };
        var force = new Option<bool>("--force") { Description = "Overwrite outputs that already exist." };
        var keepFormat = new Option<bool>("--keep-format") { Description = "Write .jpg/.bmp inputs in their own format (default: PNG for all)." };
        var maxPixels = MaxPixelsOption.Create();
        InputArguments.RejectUnknownOptions(inputs, "upscale");
        var model = new ModelOptions();
        var command = new Command("upscale", "Enlarge images with RED-Net; each result is written as <name>_x<scale>.png.") { inputs, output, force, keepFormat, maxPixels };
        model.AddTo(command);
        command.SetAction(parse =>
        {
            var options = model.Read(parse);
            if (ModelOptions.Check(options) is { } usage)
            {
                Console.Error.WriteLine($"error: {usage}");
                return 2;
            }
            string? folder = parse.GetValue(output);
            if (folder is not null && File.Exists(folder))
            {
                Console.Error.WriteLine($"error: --output '{folder}' is a file; it must be a folder.");
                return 2;
            }
            if (folder is not null && !Directory.Exists(folder) && ImageCodec.HasImageExtension(folder))
            {
                Console.Error.WriteLine($"error: --output '{folder}' names a file; it must be a folder (outputs are named <name>_x<scale>.png in it).");
                return 2;
            }
            RedNetStripUpscaler upscaler;
            try
            {
                upscaler = new RedNetStripUpscaler(options);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                Console.Error.WriteLine($"error: {ErrorText.ForOptions(e)}");
                return 2;
            }
            model.ReportDevice(parse, upscaler.Device);
            using (upscaler)
            using (var interrupt = new InterruptSignal())
                return Run(parse.GetValue(inputs)!, folder, parse.GetValue(force), parse.GetValue(keepFormat), parse.GetValue(maxPixels), upscaler, interrupt.Token);
        });
        return command;
    }

    private static int Run(string[] inputs, string? folder, bool force, bool keepFormat, long maxPixels, RedNetStripUpscaler upscaler, CancellationToken cancellation)
    {
        int scale = upscaler.Scale;
        var expansion = InputFiles.Expand(inputs);
        foreach (var error in expansion.Errors) Console.Error.WriteLine($"error: {error}");
        foreach (var skip in expansion.Skipped ?? Array.Empty<string>()) Console.Error.WriteLine($"note: {skip}");
        int failed = expansion.Errors.Count;
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        // Progress counts tiles over all the inputs (from their headers), so a single large image shows how far it is and when it ends.
        var tiles = expansion.Files.Select(f => PlannedTiles(upscaler, f, maxPixels)).ToArray();
        long totalTiles = tiles.Sum(), tilesBefore = 0;
        using var progress = new ConsoleProgress($"upscale x{scale}", "tiles");
        if (expansion.Files.Count > 0) progress.Report(0, totalTiles, $"image 1/{expansion.Files.Count}"); // the rate counts from here
        for (int i = 0; i < expansion.Files.Count; i++)
        {
            string file = expansion.Files[i];
            string target = UpscaleTarget.For(file, folder, scale, keepFormat);
            string? problem = targets.TryGetValue(Path.GetFullPath(target), out var earlier)
                ? $"'{file}': its output '{target}' was already written from '{earlier}' in this run."
                : File.Exists(target) && !force ? $"'{target}' already exists (the output for '{file}'); pass --force to overwrite it."
                : null;
            targets.TryAdd(Path.GetFullPath(target), file);
            string detail = $"image {i + 1}/{expansion.Files.Count}";
            if (problem is null)
            {
                try
                {
                    long before = tilesBefore, planned = tiles[i];
                    var notes = UpscaleFile(upscaler, file, target, maxPixels,
                        new SyncProgress<UpscaleProgress>(p => progress.Report(before + Math.Min(p.TilesDone, planned), totalTiles, detail)), cancellation);
                    foreach (var note in notes) progress.WriteLine($"warning: '{file}': {note}.");
                    Console.Out.WriteLine(target);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    progress.WriteLine($"interrupted: '{file}' was not written; {i} of {expansion.Files.Count} input(s) done.");
                    return InterruptSignal.ExitCode;
                }
                catch (Exception e)
                {
                    // Opening and writing errors name their file; the pipeline's own do not.
                    problem = e is InvalidDataException or IOException ? ErrorText.Describe(e) : $"'{file}': {ErrorText.Describe(e)}";
                }
            }
            if (problem is not null)
            {
                progress.WriteLine($"error: {problem}");
                failed++;
            }
            tilesBefore += tiles[i];
            progress.Report(tilesBefore, totalTiles, detail);
        }
        return failed > 0 ? 1 : 0;
    }

    /// <summary>
    /// Opens <paramref name="file"/>, enlarges it and writes <paramref name="target"/> atomically; returns the notes on the
    /// input. Nothing is written when it fails or is cancelled (<see cref="OperationCanceledException"/>, within one tile).
    /// </summary>
    public static IReadOnlyList<string> UpscaleFile(RedNetStripUpscaler upscaler, string file, string target, long maxPixels,
        IProgress<UpscaleProgress>? progress = null, CancellationToken cancellation = default)
    {
        using var enlargement = Enlargement.Create(upscaler, ImageInput.Open(file, maxPixels), target, keepColour: false, progress, cancellation);
        enlargement.Save(target);
        return enlargement.Notes;
    }

    // The tiles an input will take, from its header; 0 for what will not be enlarged (unreadable, over the pixel limit).
    private static long PlannedTiles(RedNetStripUpscaler upscaler, string file, long maxPixels)
    {
        try
        {
            return ImageHeader.TryRead(file) is { } h && h.Pixels <= maxPixels ? upscaler.TileCount(h.Width, h.Height) : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return 0;
        }
    }
}
