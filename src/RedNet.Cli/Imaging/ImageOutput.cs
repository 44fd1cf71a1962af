using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Imaging;

/// <summary>Writes a result image atomically (<see cref="ImageCodec.Save"/>), with an error that names the target.</summary>
public static class ImageOutput
{
    public static void Save(RgbImage image, string target, byte[]? alpha = null)
    {
        try
        {
            ImageCodec.Save(image, target, alpha);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write '{target}': {e.Message}", e);
        }
    }
}
