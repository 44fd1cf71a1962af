using System.Globalization;
using RedNet.MLNet.Evaluation;

namespace RedNet.Training.Training;

/// <summary>A validation score at one scale.</summary>
public sealed record ScaleScore(int Scale, double Psnr, double Ssim);

/// <summary>A validation pass: one score per validation scale; the run is followed on their mean.</summary>
public sealed record ValidationResult(IReadOnlyList<ScaleScore> ByScale)
{
    public double Psnr => ByScale.Average(s => s.Psnr);
    public double Ssim => ByScale.Average(s => s.Ssim);

    /// <summary>"x2:36.1234;x3:32.0000" — the log's per-scale column.</summary>
    public string Compact => string.Join(';', ByScale.Select(s => $"x{s.Scale}:{s.Psnr.ToString("0.0000", CultureInfo.InvariantCulture)}"));

    public string Describe() => ByScale.Count == 1
        ? $"PSNR {Psnr:0.000} dB, SSIM {Ssim:0.0000}"
        : string.Join(", ", ByScale.Select(s => $"x{s.Scale} {s.Psnr:0.000} dB")) + $" (mean {Psnr:0.000} dB, SSIM {Ssim:0.0000})";
}

/// <summary>
/// What a training run validates on: a folder of HR images, or the images held out of its own training folders
/// (<see cref="Data.ValidationSplit"/>), at every validation scale, with the same protocol and code as <c>rednet eval</c>.
/// </summary>
public sealed class TrainingValidation
{
    private TrainingValidation(string name, IReadOnlyList<string> files, IReadOnlyList<int> scales)
    {
        Name = name;
        Files = files;
        Scales = scales;
    }

    /// <summary>The name the log and messages use: the folder's name, or "held-out (N images)".</summary>
    public string Name { get; }

    public IReadOnlyList<string> Files { get; }
    public IReadOnlyList<int> Scales { get; }

    /// <summary>The validation of <paramref name="options"/>, or null when the run does not validate.</summary>
    public static TrainingValidation? For(TrainingOptions options, Data.ValidationSplit split)
    {
        if (options.NoValidation) return null;
        if (options.ValidationFolder is { } folder)
            return new TrainingValidation(new DirectoryInfo(Path.GetFullPath(folder)).Name, ImageFolder.ListFiles(folder), options.ValidationScales);
        if (split.ValidationFiles.Count > 0)
            return new TrainingValidation($"held-out ({split.ValidationFiles.Count} images)", split.ValidationFiles, options.ValidationScales);
        return null;
    }

    /// <summary>Scores <paramref name="method"/> at every scale; throws when no image can be scored.</summary>
    public ValidationResult Score(ISuperResolver method, Action<string>? warn = null)
    {
        var scores = new List<ScaleScore>();
        foreach (int scale in Scales)
        {
            var report = DatasetEvaluation.RunFiles(Files, Name, scale, method);
            foreach (var f in report.Failures) warn?.Invoke($"validation: {f.Error}");
            if (report.Images.Count == 0) throw new InvalidDataException($"Validation set {Name} has no image that can be scored at x{scale}.");
            scores.Add(new ScaleScore(scale, report.Psnr, report.Ssim));
        }
        return new ValidationResult(scores);
    }
}
