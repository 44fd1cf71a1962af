using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Imaging;

/// <summary>Writes a result image atomically (<see cref="ImageCodec.Save"/>), with an error that names the target.</summary>
public static class ImageOutput
{
    public static void Save(RgbImage image, string target, byte[]? alpha = null) => Save(target, () => ImageCodec.Save(image, target, alpha));

    /// <summary>Runs <paramref name="save"/>, which writes <paramref name="target"/>; a failure names the target.</summary>
    public static void Save(string target, Action save)
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
