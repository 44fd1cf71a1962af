using System.Diagnostics;
using RedNet.Cli.Batch;
using RedNet.MLNet.Evaluation;
using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Report;

/// <summary>One image of a comparison: both methods' scores and its crop picture (a file name in the report folder).</summary>
public sealed record ComparedImage(ImageScore Bicubic, ImageScore RedNet, string Picture, CropRegion Region);

/// <summary>
/// Bicubic and RED-Net scored on the same images by the same protocol (<see cref="DatasetEvaluation.ScoreOne"/>), with a
/// crop picture per image written into the report folder: what <c>rednet eval --report</c> shows.
/// </summary>
public sealed record MethodComparison(DatasetReport Bicubic, DatasetReport RedNet, IReadOnlyList<ComparedImage> Images)
{
    /// <summary>Side of the crop shown in the pictures, in HR pixels.</summary>
    public const int CropSide = 96;

    /// <summary>Scores both methods on every image of <paramref name="folder"/> and draws the crop pictures.</summary>
    /// <param name="saveMethod">The method whose results go to <paramref name="saveDirectory"/> ("bicubic" or "rednet").</param>
    public static MethodComparison Run(string folder, int scale, ISuperResolver rednet, string reportFolder, string saveMethod,
        string? saveDirectory, IProgress<EvaluationProgress>? progress = null)
    {
        var files = ImageFolder.ListFiles(folder);
        Directory.CreateDirectory(reportFolder);
        var clock = Stopwatch.StartNew();
        var bicubic = new RecordingSuperResolver(new BicubicSuperResolver());
        var network = new RecordingSuperResolver(rednet);
        var images = new List<ComparedImage>();
        var failures = new List<ImageFailure>();
        var pictureNames = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < files.Count; i++)
        {
            progress?.Report(new EvaluationProgress(i, files.Count, files[i]));
            try
            {
                var b = DatasetEvaluation.ScoreOne(files[i], scale, bicubic, saveMethod == bicubic.Name ? saveDirectory : null);
                var r = DatasetEvaluation.ScoreOne(files[i], scale, network, saveMethod == network.Name ? saveDirectory : null);
                var hr = ModCrop.Apply(ImageCodec.Decode(files[i]), scale);
                var region = CropRegion.LargestError(hr, bicubic.Last!, CropSide);
                string picture = UniqueName(pictureNames, OutputFileName.SafeStem(files[i])) + "_crops.png";
                CropComparisonPicture.Save(Path.Combine(reportFolder, picture), region,
                    new[] { ("HR", hr), ("bicubic", bicubic.Last!), ("RED-Net", network.Last!) });
                images.Add(new ComparedImage(b, r, picture, region));
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException)
            {
                failures.Add(new ImageFailure(files[i], e.Message));
            }
        }
        progress?.Report(new EvaluationProgress(files.Count, files.Count, ""));
        string name = new DirectoryInfo(Path.GetFullPath(folder)).Name;
        return new MethodComparison(
            new DatasetReport(name, scale, bicubic.Name, images.Select(c => c.Bicubic).ToList(), failures, clock.Elapsed),
            new DatasetReport(name, scale, network.Name, images.Select(c => c.RedNet).ToList(), failures, clock.Elapsed),
            images);
    }

    // Two files of one folder can share a stem (a.png, a.jpg); their pictures must not overwrite each other.
    private static string UniqueName(HashSet<string> taken, string stem)
    {
        string name = stem;
        for (int n = 2; !taken.Add(name); n++) name = $"{stem}-{n}";
        return name;
    }
}
