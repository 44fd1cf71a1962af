using RedNet.MLNet.Evaluation;
using RedNet.MLNet.Imaging;

namespace RedNet.Training.Data;

/// <summary>
/// Training pairs prepared from folders of HR images, following the evaluation protocol: modcrop(s) → LR = MATLAB bicubic
/// 1/s on 8-bit RGB → Y of LR (rgb2ycbcr) → bicubic ×s as floats = network input; target = Y of HR. Both on the 0–1 scale.
/// Each image keeps one target plane and one input plane per scale (the decoded RGB is dropped as soon as they are made), so
/// the data set is held once, as floats.
/// </summary>
public sealed class TrainingSet
{
    private TrainingSet(IReadOnlyList<TrainingImage> images, IReadOnlyList<int> scales, IReadOnlyList<string> warnings)
    {
        Images = images;
        Scales = scales;
        Warnings = warnings;
    }

    public IReadOnlyList<TrainingImage> Images { get; }
    public IReadOnlyList<int> Scales { get; }

    /// <summary>Files that were skipped (unreadable, or smaller than a patch), one line each.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public long PixelCount => Images.Sum(i => (long)i.Target.Width * i.Target.Height);

    /// <summary>Loads every image of <paramref name="folders"/>; throws when none is usable.</summary>
    /// <param name="folders">Folders of training images (HR; PNG, JPEG, BMP).</param>
    /// <param name="scales">The enlargement factors to make input/target pairs for (each 2 or more).</param>
    /// <param name="patchSize">Images smaller than a patch at every scale are skipped with a warning.</param>
    /// <param name="warn">Called once per skipped file, with a line naming it.</param>
    /// <param name="progress">Told after each file, for a progress bar.</param>
    public static TrainingSet Load(IReadOnlyList<string> folders, IReadOnlyList<int> scales, int patchSize,
        Action<string>? warn = null, IProgress<(int Done, int Total)>? progress = null)
    {
        if (folders.Count == 0) throw new ArgumentException("No training folder given.", nameof(folders));
        return LoadFiles(folders.SelectMany(ImageFolder.ListFiles).ToList(), string.Join(", ", folders.Select(f => $"'{f}'")), scales, patchSize, warn, progress);
    }

    /// <summary>Loads the given image files (e.g. the training part of a <see cref="ValidationSplit"/>); throws when none is usable.</summary>
    /// <param name="files">The image files to load.</param>
    /// <param name="source">Where the files come from, for the error message.</param>
    /// <param name="scales">The enlargement factors to make input/target pairs for (each 2 or more).</param>
    /// <param name="patchSize">Images smaller than a patch at every scale are skipped with a warning.</param>
    /// <param name="warn">Called once per skipped file, with a line naming it.</param>
    /// <param name="progress">Told after each file, for a progress bar.</param>
    public static TrainingSet LoadFiles(IReadOnlyList<string> files, string source, IReadOnlyList<int> scales, int patchSize,
        Action<string>? warn = null, IProgress<(int Done, int Total)>? progress = null)
    {
        if (scales.Count == 0 || scales.Any(s => s < 2)) throw new ArgumentOutOfRangeException(nameof(scales), "Scales must be 2 or more.");
        var images = new TrainingImage?[files.Count];
        var warnings = new string?[files.Count];
        int done = 0;
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                images[i] = Prepare(files[i], scales, patchSize, out warnings[i]);
            }
            catch (InvalidDataException e)
            {
                warnings[i] = $"skipped {e.Message}";
            }
            progress?.Report((Interlocked.Increment(ref done), files.Count));
        });
        var messages = warnings.Where(w => w is not null).Select(w => w!).ToList();
        foreach (var m in messages) warn?.Invoke(m);
        var usable = images.Where(i => i is not null).Select(i => i!).ToList();
        if (usable.Count == 0)
            throw new InvalidDataException($"No usable training image in {source}: " +
                                           $"{files.Count} file(s), none readable and at least {patchSize}x{patchSize} after modcrop.");
        return new TrainingSet(usable, scales.ToArray(), messages);
    }

    private static TrainingImage? Prepare(string path, IReadOnlyList<int> scales, int patchSize, out string? warning)
    {
        warning = null;
        var hr = ImageCodec.Decode(path);
        var target = YCbCr.ExtractY(hr).Scaled(1f / 255f);
        var inputs = new Plane?[scales.Max() + 1];
        var tooSmall = new List<int>();
        foreach (int s in scales)
        {
            var cropped = ModCrop.Size(hr.Width, hr.Height, s);
            if (cropped.Width < patchSize || cropped.Height < patchSize)
            {
                tooSmall.Add(s);
                continue;
            }
            var lr = MatlabBicubic.Resize(ModCrop.Apply(hr, s), 1.0 / s);
            inputs[s] = MatlabBicubic.Upscale(YCbCr.ExtractY(lr), s).Scaled(1f / 255f);
        }
        if (tooSmall.Count > 0)
            warning = $"skipped '{path}' at x{string.Join(",x", tooSmall)}: {hr.Width}x{hr.Height} is smaller than a {patchSize}x{patchSize} patch after modcrop.";
        return inputs.Any(p => p is not null) ? new TrainingImage(path, target, inputs) : null;
    }
}

/// <summary>One HR image: its Y target and, per scale, the bicubic-degraded Y input (null where the image is too small).</summary>
public sealed record TrainingImage(string Path, Plane Target, IReadOnlyList<Plane?> InputByScale);
