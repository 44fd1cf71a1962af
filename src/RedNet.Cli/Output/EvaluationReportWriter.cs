using System.Globalization;
using RedNet.MLNet.Evaluation;

namespace RedNet.Cli.Output;

/// <summary>Writes a <see cref="DatasetReport"/> as a text table or as the documented JSON object.</summary>
public static class EvaluationReportWriter
{
    public static string FormatPsnr(double psnr)
        => double.IsPositiveInfinity(psnr) ? "inf" : psnr.ToString("0.00", CultureInfo.InvariantCulture);

    public static void WriteTable(DatasetReport report, TextWriter writer)
    {
        int nameWidth = Math.Max(8, report.Images.Select(i => i.Name.Length).DefaultIfEmpty(0).Max());
        writer.WriteLine($"{report.Dataset} x{report.Scale} {report.Method} (Y channel, shave {report.Scale})");
        writer.WriteLine($"{"image".PadRight(nameWidth)}  {"size",-9}  {"PSNR dB",8}  {"SSIM",7}");
        foreach (var image in report.Images)
            writer.WriteLine($"{image.Name.PadRight(nameWidth)}  {$"{image.Width}x{image.Height}",-9}  {FormatPsnr(image.Psnr),8}  {image.Ssim.ToString("0.0000", CultureInfo.InvariantCulture),7}");
        writer.WriteLine($"{"mean".PadRight(nameWidth)}  {$"{report.Images.Count} img",-9}  {FormatPsnr(report.Psnr),8}  {report.Ssim.ToString("0.0000", CultureInfo.InvariantCulture),7}");
        writer.WriteLine($"time {report.Elapsed.TotalSeconds:0.0} s");
    }

    public static void WriteJson(DatasetReport report, TextWriter writer)
    {
        var json = new
        {
            dataset = report.Dataset,
            scale = report.Scale,
            method = report.Method,
            psnr = report.Psnr,
            ssim = report.Ssim,
            count = report.Images.Count,
            seconds = Math.Round(report.Elapsed.TotalSeconds, 3),
            images = report.Images.Select(i => new { name = i.Name, psnr = i.Psnr, ssim = i.Ssim, width = i.Width, height = i.Height }),
            failures = report.Failures.Select(f => new { path = f.Path, error = f.Error }),
        };
        writer.WriteLine(Json.Serialize(json));
    }
}
