using System.CommandLine;
using Microsoft.ML;
using Microsoft.ML.Data;
using RedNet.Cli.Imaging;
using RedNet.Cli.Output;
using RedNet.MLNet;
using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Commands;

/// <summary>
/// <c>rednet apply</c>: runs an ML.NET pipeline saved with <c>mlContext.Model.Save</c> (e.g. LoadImages → RedNetUpscale) on
/// image files, in this process — the way an application loads a model another one trained and saved. The pipeline's input
/// must be one text column of image paths; every image column it outputs can be written.
/// </summary>
public static class ApplyCommand
{
    private sealed class PathRow
    {
        public string Path { get; set; } = "";
    }

    public static Command Create()
    {
        var pipeline = new Option<string>("--pipeline", "-p") { Description = "A zip written by mlContext.Model.Save.", Required = true };
        var inputs = new Argument<string[]>("input") { Description = "Image files to run the pipeline on.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Folder to write the output images into.", Required = true };
        var inputColumn = new Option<string?>("--input-column") { Description = "The pipeline's text column of image paths (default: its only text column)." };
        var outputColumn = new Option<string?>("--output-column") { Description = "The image column to write (default: the last image column)." };
        var gpu = new Option<int?>("--gpu") { Description = "CUDA device id for the pipeline's ONNX stages (MLContext.GpuDeviceId; falls back to CPU with a message saying why)." };
        var verbose = new Option<bool>("--verbose") { Description = "Print the ONNX Runtime flavour and where the pipeline's network runs to stderr." };
        var maxPixels = MaxPixelsOption.Create();
        InputArguments.RejectUnknownOptions(inputs, "apply");
        var command = new Command("apply", "Run a saved ML.NET pipeline (zip) on image files and write its output images (exit 0: all ok, 1: some failed, 2: usage error).")
        {
            pipeline, inputs, output, inputColumn, outputColumn, gpu, verbose, maxPixels,
        };
        command.SetAction(parse => Run(parse.GetValue(pipeline)!, parse.GetValue(inputs)!, parse.GetValue(output)!,
            parse.GetValue(inputColumn), parse.GetValue(outputColumn), parse.GetValue(gpu), parse.GetValue(verbose), parse.GetValue(maxPixels)));
        return command;
    }

    private static int Run(string pipelinePath, string[] files, string folder, string? inputColumn, string? outputColumn, int? gpu, bool verbose, long maxPixels)
    {
        if (File.Exists(folder))
        {
            Console.Error.WriteLine($"error: --output '{folder}' is a file; it must be a folder.");
            return 2;
        }
        CheckedImageLoadingEstimator.LoadedPipelineMaxPixels = maxPixels; // a pipeline that loads with LoadImagesChecked obeys --max-pixels
        if (gpu < 0)
        {
            Console.Error.WriteLine($"error: --gpu must be 0 or more (got {gpu}).");
            return 2;
        }
        var ml = new MLContext(1) { GpuDeviceId = gpu, FallbackToCpu = true };
        ITransformer model;
        DataViewSchema inputSchema;
        try
        {
            model = ml.RedNet().LoadModel(pipelinePath, out inputSchema, out var device);
            if (verbose) Console.Error.WriteLine(DeviceLine.For(device));
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException or ArgumentException)
        {
            Console.Error.WriteLine($"error: '{pipelinePath}' is not a loadable ML.NET pipeline ({e.Message}).");
            return 2;
        }
        var textColumns = inputSchema.Where(c => c.Type is TextDataViewType).Select(c => c.Name).ToList();
        string? pathColumn = inputColumn ?? (textColumns.Count == 1 ? textColumns[0] : null);
        if (pathColumn is null || !textColumns.Contains(pathColumn))
        {
            Console.Error.WriteLine($"error: choose the pipeline's path column with --input-column; its text columns are: {string.Join(", ", textColumns)}.");
            return 2;
        }
        var definition = SchemaDefinition.Create(typeof(PathRow));
        definition[0].ColumnName = pathColumn;
        DataViewSchema outputSchema;
        try
        {
            outputSchema = model.GetOutputSchema(ml.Data.LoadFromEnumerable(new List<PathRow>(), definition).Schema);
        }
        catch (ArgumentOutOfRangeException e)
        {
            Console.Error.WriteLine($"error: the pipeline does not accept a table with only '{pathColumn}' ({e.Message}).");
            return 2;
        }
        var images = outputSchema.Where(c => !c.IsHidden && c.Type is Microsoft.ML.Transforms.Image.ImageDataViewType).Select(c => c.Name).ToList();
        string? column = outputColumn ?? images.LastOrDefault();
        if (column is null || !images.Contains(column))
        {
            Console.Error.WriteLine($"error: the pipeline's image columns are: {string.Join(", ", images)}; choose one with --output-column.");
            return 2;
        }
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            Console.Error.WriteLine($"error: --output '{folder}' cannot be used as the output folder ({e.Message}).");
            return 2;
        }

        // Every input goes through the checks `upscale` makes before the pipeline sees it (regular file, pixel limit from the
        // header, complete image): ML.NET's LoadImages would block on a FIFO, decode a bomb and pass a truncated file as a
        // half-black image. Each refused input gets one error line and the others go on; two inputs whose outputs would
        // have the same name (a/x.png, b/x.png) are not both run: the second is refused, so nothing is overwritten.
        int failed = 0;
        var accepted = new List<(string File, string Target)>();
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            string target = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(file)}_{column}.png");
            try
            {
                if (targets.TryGetValue(Path.GetFullPath(target), out var earlier))
                    throw new InvalidDataException($"'{file}': its output '{target}' is already the output of '{earlier}' in this run; not run (rename one, or run them separately).");
                var decoded = ImageInput.Open(file, maxPixels);
                foreach (var note in decoded.Notes.Where(n => !n.StartsWith("EXIF", StringComparison.Ordinal)))
                    Console.Error.WriteLine($"warning: '{file}': {note}.");
                if (decoded.Orientation != 1)
                    Console.Error.WriteLine($"warning: '{file}': EXIF orientation {decoded.Orientation}: applied if the pipeline loads with LoadImagesChecked; ML.NET's LoadImages ignores it.");
                if (decoded.Alpha is not null)
                    Console.Error.WriteLine($"warning: '{file}': transparency dropped: a saved pipeline's images are opaque (rednet upscale keeps it).");
                if (decoded.Image16 is not null)
                    Console.Error.WriteLine($"warning: '{file}': {DecodedImage.SixteenBitReducedNote}: a saved pipeline's images are 8-bit MLImages (rednet upscale keeps 16 bits).");
                targets.Add(Path.GetFullPath(target), file);
                accepted.Add((file, target));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                Console.Error.WriteLine($"error: {ErrorText.Describe(e)}");
                failed++;
            }
        }
        if (accepted.Count == 0) return failed == 0 ? 0 : 1;

        var data = ml.Data.LoadFromEnumerable(accepted.Select(a => new PathRow { Path = Path.GetFullPath(a.File) }).ToList(), definition);
        var result = model.Transform(data);
        using var cursor = result.GetRowCursor(new[] { result.Schema[column] });
        var getter = cursor.GetGetter<MLImage>(result.Schema[column]);
        MLImage image = null!;
        for (int row = 0; row < accepted.Count; row++)
        {
            var (file, target) = accepted[row];
            try
            {
                if (!cursor.MoveNext()) break;
                getter(ref image);
                if (image is null) throw new InvalidDataException($"'{file}': the pipeline gave no image.");
                using (image) ImageOutput.Save(image.ToRgbImage(), target);
                Console.Out.WriteLine(target);
            }
            catch (Exception e) when (e is RowDataException or InvalidDataException or IOException or InvalidOperationException or ArgumentException)
            {
                string message = ErrorText.Describe(e);
                Console.Error.WriteLine($"error: {(message.Contains(file, StringComparison.Ordinal) ? message : $"'{file}': {message}")}");
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
