using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Imaging;

/// <summary>Writes a result image atomically (<see cref="ImageCodec.Save"/>), with an error that names the target.</summary>
public static class ImageOutput
{
    public static void Save(RgbImage image, string target, byte[]? alpha = null) => Save(() => ImageCodec.Save(image, target, alpha), target);

    /// <summary>Runs <paramref name="open"/>, which starts writing <paramref name="target"/>; its I/O errors name the target.</summary>
    public static T Open<T>(Func<T> open, string target)
    {
        T opened = default!;
        Save(() => opened = open(), target);
        return opened;
    }

    /// <summary>Runs <paramref name="save"/>, which writes <paramref name="target"/>; its I/O errors name the target.</summary>
    public static void Save(Action save, string target)
    {
        try
        {
            save();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write '{target}': {e.Message}", e);
        }
    }
}
