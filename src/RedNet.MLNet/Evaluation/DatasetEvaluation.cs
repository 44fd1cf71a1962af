using RedNet.MLNet.Imaging;
using RedNet.MLNet.Metrics;

namespace RedNet.MLNet.Evaluation;

/// <summary>The score of one image of a data set.</summary>
public sealed record ImageScore(string Name, string Path, int Width, int Height, double Psnr, double Ssim);

/// <summary>A file of the data set that could not be scored, and why.</summary>
public sealed record ImageFailure(string Path, string Error);

/// <summary>The result of scoring one method on one folder at one scale.</summary>
public sealed record DatasetReport(
    string Dataset, int Scale, string Method, IReadOnlyList<ImageScore> Images, IReadOnlyList<ImageFailure> Failures, TimeSpan Elapsed)
{
    /// <summary>Mean PSNR over the scored images (the field reports the mean of per-image PSNR, not PSNR of the mean MSE).</summary>
    public double Psnr => Images.Count == 0 ? double.NaN : Images.Average(i => i.Psnr);

    public double Ssim => Images.Count == 0 ? double.NaN : Images.Average(i => i.Ssim);
}

/// <summary>Progress of a long evaluation: how many files are done out of how many.</summary>
public readonly record struct EvaluationProgress(int Done, int Total, string CurrentFile);

/// <summary>
/// The protocol, image by image: HR → modcrop(scale) → LR = imresize(HR, 1/scale) → SR = method(LR) → Y → shave scale →
/// PSNR/SSIM. Used by <c>rednet eval</c> and by the trainer's validation, so both report the same numbers.
/// </summary>
public static class DatasetEvaluation
{
    /// <summary>Scores <paramref name="method"/> on every image in <paramref name="folder"/>.</summary>
    /// <param name="folder">A folder of high-resolution images (PNG, JPEG, BMP; read in name order).</param>
    /// <param name="scale">The enlargement factor; also the border shaved before scoring.</param>
    /// <param name="method">The super-resolver scored (RED-Net, bicubic, …).</param>
    /// <param name="saveDirectory">When set, each SR result is written there as PNG (named after the source file).</param>
    /// <param name="progress">Told after each image, for a progress bar.</param>
    /// <param name="cancellation">Checked between images.</param>
    public static DatasetReport Run(string folder, int scale, ISuperResolver method, string? saveDirectory = null,
        IProgress<EvaluationProgress>? progress = null, CancellationToken cancellation = default)
        => RunFiles(ImageFolder.ListFiles(folder), new DirectoryInfo(Path.GetFullPath(folder)).Name, scale, method, saveDirectory, progress, cancellation);

    /// <summary>Scores <paramref name="method"/> on the given HR files, reported under the data set name <paramref name="dataset"/>.</summary>
    public static DatasetReport RunFiles(IReadOnlyList<string> files, string dataset, int scale, ISuperResolver method, string? saveDirectory = null,
        IProgress<EvaluationProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(files);
        if (scale < 2) throw new ArgumentOutOfRangeException(nameof(scale), scale, "Scale must be 2 or more.");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var scores = new List<ImageScore>();
        var failures = new List<ImageFailure>();
        for (int i = 0; i < files.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            progress?.Report(new EvaluationProgress(i, files.Count, files[i]));
            try
            {
                scores.Add(ScoreOne(files[i], scale, method, saveDirectory));
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException)
            {
                failures.Add(new ImageFailure(files[i], e.Message));
            }
        }
        progress?.Report(new EvaluationProgress(files.Count, files.Count, ""));
        return new DatasetReport(dataset, scale, method.Name, scores, failures, started.Elapsed);
    }

    /// <summary>Scores one HR file.</summary>
    public static ImageScore ScoreOne(string hrPath, int scale, ISuperResolver method, string? saveDirectory = null)
    {
        var hr = ModCrop.Apply(ImageCodec.Decode(hrPath), scale);
        if (hr.Width < 2 * scale + 11 || hr.Height < 2 * scale + 11)
            throw new InvalidDataException($"'{hrPath}': {hr.Width}x{hr.Height} is too small to score at x{scale} (SSIM needs 11x11 after shaving).");
        var lr = MatlabBicubic.Resize(hr, 1.0 / scale);
        var sr = method.Upscale(lr, scale);
        if (sr.Width != hr.Width || sr.Height != hr.Height)
            throw new InvalidOperationException($"{method.Name} returned {sr.Width}x{sr.Height} for a {lr.Width}x{lr.Height} input at x{scale}; expected {hr.Width}x{hr.Height}.");
        if (saveDirectory is not null)
            ImageCodec.Save(sr, System.IO.Path.Combine(saveDirectory, System.IO.Path.GetFileNameWithoutExtension(hrPath) + ".png"));
        var score = SuperResolutionQuality.Measure(hr, sr, scale);
        return new ImageScore(System.IO.Path.GetFileNameWithoutExtension(hrPath), hrPath, hr.Width, hr.Height, score.Psnr, score.Ssim);
    }
}
