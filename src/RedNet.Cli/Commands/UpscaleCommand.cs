using System.CommandLine;
using Microsoft.ML;
using RedNet.Cli.Imaging;
using RedNet.Cli.Output;
using RedNet.Cli.Upscale;
using RedNet.MLNet.Evaluation;
using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Commands;

/// <summary>
/// <c>rednet upscale</c>: enlarges image files with the library's RedNetUpscale pipeline. Each input that fails gets one
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
            PipelineSuperResolver resolver;
            try
            {
                resolver = new PipelineSuperResolver(new MLContext(1), options);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                Console.Error.WriteLine($"error: {ErrorText.ForOptions(e)}");
                return 2;
            }
            model.ReportDevice(parse, resolver);
            using (resolver)
                return Run(parse.GetValue(inputs)!, folder, parse.GetValue(force), parse.GetValue(keepFormat), parse.GetValue(maxPixels), resolver, options.Scale);
        });
        return command;
    }

    private static int Run(string[] inputs, string? folder, bool force, bool keepFormat, long maxPixels, ISuperResolver resolver, int scale)
    {
        var expansion = InputFiles.Expand(inputs);
        foreach (var error in expansion.Errors) Console.Error.WriteLine($"error: {error}");
        foreach (var skip in expansion.Skipped ?? Array.Empty<string>()) Console.Error.WriteLine($"note: {skip}");
        int failed = expansion.Errors.Count;
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        using var progress = new ConsoleProgress($"upscale x{scale}", "images");
        if (expansion.Files.Count > 0) progress.Report(0, expansion.Files.Count); // the rate counts from here, not from the first image done
        for (int i = 0; i < expansion.Files.Count; i++)
        {
            string file = expansion.Files[i];
            string target = UpscaleTarget.For(file, folder, scale, keepFormat);
            string? problem = targets.TryGetValue(Path.GetFullPath(target), out var earlier)
                ? $"'{file}': its output '{target}' was already written from '{earlier}' in this run."
                : File.Exists(target) && !force ? $"'{target}' already exists (the output for '{file}'); pass --force to overwrite it."
                : null;
            targets.TryAdd(Path.GetFullPath(target), file);
            if (problem is null)
            {
                try
                {
                    var enlargement = Enlargement.Create(resolver, ImageInput.Open(file, maxPixels), scale, target);
                    foreach (var note in enlargement.Notes) progress.WriteLine($"warning: '{file}': {note}.");
                    enlargement.Save(target);
                    Console.Out.WriteLine(target);
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
            progress.Report(i + 1, expansion.Files.Count);
        }
        return failed > 0 ? 1 : 0;
    }
}
