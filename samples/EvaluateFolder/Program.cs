// Scores RED-Net on a folder of high-resolution images with the field's protocol: each image is shrunk with MATLAB's
// bicubic (DownscaleBicubic), enlarged again with RedNetUpscale, and compared with the original by PSNR and SSIM on the
// Y channel (mlContext.RedNet().Evaluate), per image and on average.
// Usage: dotnet run -- HR_FOLDER [SCALE]
using Microsoft.ML;
using RedNet.MLNet;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: EvaluateFolder HR_FOLDER [SCALE]");
    return 2;
}
int scale = args.Length == 2 ? int.Parse(args[1]) : 2;
var hrImages = Directory.EnumerateFiles(args[0], "*.png").Order().Select(f => new ImagePath { Path = f }).ToList();

#region readme
var ml = new MLContext();
var data = ml.Data.LoadFromEnumerable(hrImages);
var eval = ml.Transforms.LoadImages("Label", imageFolder: null, inputColumnName: "Path")
    .Append(ml.Transforms.DownscaleBicubic("Image", "Label", scale))             // the protocol's LR images
    .Append(ml.Transforms.RedNetUpscale(options: new RedNetUpscaleOptions { Scale = scale }));
var metrics = ml.RedNet().Evaluate(eval.Fit(data).Transform(data), "Label", "Upscaled", scale);
foreach (var row in metrics.PerRow)
    Console.WriteLine($"{Path.GetFileName(row.Name)}: PSNR {row.Psnr:0.00} dB, SSIM {row.Ssim:0.0000}");
Console.WriteLine($"mean of {metrics.Count}: PSNR {metrics.Psnr:0.00} dB, SSIM {metrics.Ssim:0.0000}");
#endregion

return 0;

/// <summary>An input row: the path of one high-resolution image.</summary>
public sealed class ImagePath
{
    public string Path { get; set; } = "";
}
