using System.Globalization;
using System.Text;
using RedNet.Cli.Output;
using RedNet.MLNet;

namespace RedNet.Cli.Report;

/// <summary>Writes <c>report.md</c>: the command line, the per-image table of both methods with the mean, and the crop pictures.</summary>
public static class ComparisonReportWriter
{
    public const string FileName = "report.md";

    /// <summary>Writes the report into <paramref name="folder"/> atomically and returns its path.</summary>
    public static string Write(string folder, MethodComparison comparison, string commandLine, RedNetUpscaleOptions options)
    {
        var bicubic = comparison.Bicubic;
        var rednet = comparison.RedNet;
        int scale = bicubic.Scale;
        var md = new StringBuilder();
        md.AppendLine($"# {Cell(bicubic.Dataset)} x{scale}: bicubic vs RED-Net").AppendLine();
        md.AppendLine("```").AppendLine(commandLine).AppendLine("```").AppendLine();
        md.AppendLine($"Protocol: modcrop to a multiple of {scale}, MATLAB bicubic 1/{scale} to make the input, then PSNR (dB) and SSIM " +
                      $"on the Y channel with {scale} pixels shaved from each border. RED-Net model: " +
                      $"{(options.ModelPath is null ? "the embedded default" : $"`{options.ModelPath}`")}{(options.SelfEnsemble ? ", self-ensemble" : "")}.");
        md.AppendLine();
        md.AppendLine("| image | size | bicubic PSNR | bicubic SSIM | RED-Net PSNR | RED-Net SSIM | gain (dB) |");
        md.AppendLine("|-------|------|-------------:|-------------:|-------------:|-------------:|----------:|");
        foreach (var image in comparison.Images)
            md.AppendLine($"| {Cell(image.Bicubic.Name)} | {image.Bicubic.Width}x{image.Bicubic.Height} | {Psnr(image.Bicubic.Psnr)} | {Ssim(image.Bicubic.Ssim)} | " +
                          $"{Psnr(image.RedNet.Psnr)} | {Ssim(image.RedNet.Ssim)} | {Gain(image.RedNet.Psnr - image.Bicubic.Psnr)} |");
        md.AppendLine($"| **mean** | {comparison.Images.Count} images | **{Psnr(bicubic.Psnr)}** | **{Ssim(bicubic.Ssim)}** | " +
                      $"**{Psnr(rednet.Psnr)}** | **{Ssim(rednet.Ssim)}** | **{Gain(rednet.Psnr - bicubic.Psnr)}** |");
        md.AppendLine();
        md.AppendLine($"Time: {bicubic.Elapsed.TotalSeconds:0.0} s for both methods.").AppendLine();

        md.AppendLine("## Crops").AppendLine();
        md.AppendLine($"Each picture shows HR | bicubic | RED-Net over the same region: the {MethodComparison.CropSide}x{MethodComparison.CropSide} " +
                      $"window (smaller for a smaller image) where bicubic's Y error is largest, enlarged {CropComparisonPicture.Zoom}x with " +
                      "nearest-neighbour sampling so single pixels stay visible.");
        foreach (var image in comparison.Images)
        {
            var r = image.Region;
            md.AppendLine().AppendLine($"### {Cell(image.Bicubic.Name)}").AppendLine();
            md.AppendLine($"Region x {r.X}, y {r.Y}, {r.Width}x{r.Height}. PSNR bicubic {Psnr(image.Bicubic.Psnr)} dB, RED-Net {Psnr(image.RedNet.Psnr)} dB.").AppendLine();
            md.AppendLine($"![{Cell(image.Bicubic.Name)}: HR, bicubic, RED-Net]({image.Picture})");
        }
        if (bicubic.Failures.Count > 0)
        {
            md.AppendLine().AppendLine("## Not scored").AppendLine();
            foreach (var failure in bicubic.Failures) md.AppendLine($"- {Cell(failure.Error)}");
        }
        string path = Path.Combine(folder, FileName);
        AtomicFile.WriteAllText(path, md.ToString());
        return path;
    }

    private static string Psnr(double psnr) => EvaluationReportWriter.FormatPsnr(psnr);

    private static string Ssim(double ssim) => ssim.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Gain(double gain)
        => double.IsNaN(gain) || double.IsInfinity(gain) ? "n/a" : gain.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);

    // File names may hold Markdown's own characters; a table cell must not end at a '|' in a name.
    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");
}
