// Enlarges every image of a folder x2 with RedNetUpscale, saves the results as PNG, then saves the fitted pipeline and
// reloads it: the README's ML.NET example as a complete program.
// Usage: dotnet run -- INPUT_FOLDER OUTPUT_FOLDER
using Microsoft.ML;
using Microsoft.ML.Data;
using RedNet.MLNet;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: UpscaleFolder INPUT_FOLDER OUTPUT_FOLDER");
    return 2;
}
string inputFolder = args[0], outputFolder = args[1];
Directory.CreateDirectory(outputFolder);
var imageFiles = Directory.EnumerateFiles(inputFolder)
    .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg" or ".bmp")
    .Order()
    .Select(f => new ImagePath { Path = f })
    .ToList();

#region readme
var ml = new MLContext();
var data = ml.Data.LoadFromEnumerable(imageFiles);                                // ImagePath rows: a column "Path"

var pipeline = ml.Transforms.LoadImages("Image", imageFolder: null, inputColumnName: "Path")
    .Append(ml.Transforms.RedNetUpscale());                                       // "Image" → "Upscaled", x2, embedded model

var model = pipeline.Fit(data);
var upscaled = model.Transform(data);                                              // MLImage column "Upscaled"

foreach (var row in ml.Data.CreateEnumerable<UpscaledImage>(upscaled, reuseRowObject: false))
{
    string target = Path.Combine(outputFolder, Path.GetFileNameWithoutExtension(row.Path) + "_x2.png");
    row.Upscaled.Save(target);                                                     // PNG (from the extension)
    Console.WriteLine($"{row.Path} -> {target} ({row.Upscaled.Width}x{row.Upscaled.Height})");
}

ml.Model.Save(model, data.Schema, Path.Combine(outputFolder, "upscaler.zip"));     // the ONNX bytes go into the zip
var again = new MLContext().RedNet().LoadModel(Path.Combine(outputFolder, "upscaler.zip"), out _);   // registers RedNet's types, then loads
#endregion

// The reloaded pipeline gives the same pixels as the one that was fitted.
var first = ml.Data.CreateEnumerable<UpscaledImage>(upscaled, reuseRowObject: false).First();
var firstAgain = ml.Data.CreateEnumerable<UpscaledImage>(again.Transform(data), reuseRowObject: false).First();
bool same = first.Upscaled.Pixels.SequenceEqual(firstAgain.Upscaled.Pixels);
Console.WriteLine($"reloaded upscaler.zip: {(same ? "identical pixels" : "DIFFERENT pixels")} on {Path.GetFileName(first.Path)}");
return same ? 0 : 1;

/// <summary>An input row: the path of one image file.</summary>
public sealed class ImagePath
{
    public string Path { get; set; } = "";
}

/// <summary>An output row: the path it came from and the enlarged image.</summary>
public sealed class UpscaledImage
{
    public string Path { get; set; } = "";
    public MLImage Upscaled { get; set; } = null!;
}
