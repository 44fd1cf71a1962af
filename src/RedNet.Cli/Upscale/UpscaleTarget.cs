using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Upscale;

/// <summary>Where <c>rednet upscale</c> writes an input's result: <c>&lt;stem&gt;_x&lt;scale&gt;.png</c>, in the output folder or beside the input.</summary>
public static class UpscaleTarget
{
    /// <param name="keepFormat">Keep the input's extension when it is one the codec writes (.png, .jpg, .jpeg, .bmp); PNG otherwise.</param>
    public static string For(string inputPath, string? outputFolder, int scale, bool keepFormat)
    {
        string extension = keepFormat && ImageCodec.HasImageExtension(inputPath) ? Path.GetExtension(inputPath) : ".png";
        string folder = outputFolder ?? Path.GetDirectoryName(Path.GetFullPath(inputPath))!;
        return Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(inputPath)}_x{scale}{extension}");
    }
}
