// One image through a PredictionEngine: the way an app enlarges images one at a time (a request, a file dropped in a
// folder) after fitting the pipeline once.
// Usage: dotnet run -- INPUT_IMAGE OUTPUT_PNG [SCALE]
using Microsoft.ML;
using Microsoft.ML.Data;
using RedNet.MLNet;

if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: PredictSingleImage INPUT_IMAGE OUTPUT_PNG [SCALE]");
    return 2;
}
int scale = args.Length == 3 ? int.Parse(args[2]) : 2;

#region readme
var ml = new MLContext();
var pipeline = ml.Transforms.LoadImages("Image", imageFolder: null, inputColumnName: "Path")
    .Append(ml.Transforms.RedNetUpscale(options: new RedNetUpscaleOptions { Scale = scale }));   // the embedded model for that scale
var model = pipeline.Fit(ml.Data.LoadFromEnumerable(new List<ImagePath>()));      // fitting needs the schema only

using var engine = ml.Model.CreatePredictionEngine<ImagePath, UpscaledImage>(model);
var prediction = engine.Predict(new ImagePath { Path = args[0] });
prediction.Upscaled.Save(args[1]);
#endregion

Console.WriteLine($"{args[0]} -> {args[1]} ({prediction.Upscaled.Width}x{prediction.Upscaled.Height}, x{scale})");
return 0;

/// <summary>The input: the path of the image file.</summary>
public sealed class ImagePath
{
    public string Path { get; set; } = "";
}

/// <summary>The output: the enlarged image.</summary>
public sealed class UpscaledImage
{
    public MLImage Upscaled { get; set; } = null!;
}
