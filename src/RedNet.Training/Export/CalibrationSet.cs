using RedNet.MLNet.Evaluation;
using RedNet.MLNet.Imaging;
using RedNet.Training.Data;

namespace RedNet.Training.Export;

/// <summary>
/// The inputs an int8 model is calibrated on: patches of training images degraded exactly as for training (modcrop, MATLAB
/// bicubic down on 8-bit RGB, Y, bicubic up; <see cref="TrainingSet"/>), <see cref="PatchesPerImage"/> per image and scale at
/// seeded random positions. The evaluation sets are refused by name: calibrating on them would tune the int8 model to the
/// images it is scored on.
/// </summary>
public static class CalibrationSet
{
    public const int PatchSize = 64;
    public const int PatchesPerImage = 2;

    /// <summary>Folder names of the evaluation sets (the protocol's test images).</summary>
    public static readonly IReadOnlyList<string> EvaluationSets = new[] { "Set5", "Set14", "BSD100" };

    /// <summary>Network inputs (Y, 0–1, <see cref="PatchSize"/>²) from every image of <paramref name="folders"/> at each of <paramref name="scales"/>.</summary>
    /// <exception cref="InvalidDataException">A folder is an evaluation set or holds no usable image (the message names it).</exception>
    public static IReadOnlyList<Plane> Load(IReadOnlyList<string> folders, IReadOnlyList<int> scales, int seed = 1, Action<string>? warn = null)
    {
        if (folders.Count == 0) throw new InvalidDataException("No calibration folder given: name a folder of training images (e.g. T91).");
        var files = new List<string>();
        foreach (var folder in folders)
        {
            string name = new DirectoryInfo(Path.GetFullPath(folder)).Name;
            if (EvaluationSets.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw new InvalidDataException($"Calibration folder '{folder}' is the evaluation set {name}; calibrate on training images (e.g. T91, BSD200), never on the images the model is scored on.");
            try
            {
                files.AddRange(ImageFolder.ListFiles(folder));
            }
            catch (DirectoryNotFoundException e)
            {
                throw new InvalidDataException($"Calibration folder {e.Message}", e);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"Calibration folder {e.Message}", e);
            }
        }
        var set = TrainingSet.LoadFiles(files, $"calibration folder(s) {string.Join(", ", folders.Select(f => $"'{f}'"))}", scales, PatchSize, warn);
        var random = new Random(seed);
        var patches = new List<Plane>();
        foreach (var image in set.Images)
            foreach (int scale in scales)
                if (image.InputByScale[scale] is { } input)
                    for (int k = 0; k < PatchesPerImage; k++)
                        patches.Add(input.Crop(random.Next(input.Width - PatchSize + 1), random.Next(input.Height - PatchSize + 1), PatchSize, PatchSize));
        return patches;
    }

    /// <summary>How the calibration is described in the model's metadata.</summary>
    public static string Describe(IReadOnlyList<string> folders, int patches)
        => $"{string.Join(";", folders.Select(f => new DirectoryInfo(Path.GetFullPath(f)).Name))}: {patches} patches of {PatchSize}x{PatchSize}, min/max";
}
