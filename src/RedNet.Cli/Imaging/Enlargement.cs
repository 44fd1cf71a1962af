using RedNet.MLNet.Evaluation;
using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Imaging;

/// <summary>
/// What a verb writes for one decoded input: the colour through the RED-Net pipeline, the alpha channel (when the file has
/// one) enlarged by bicubic and re-attached, a grey input written grey; with the notes to report (16-bit reduced, EXIF
/// orientation applied, animation frames left out, alpha that the output format cannot hold).
/// </summary>
public sealed record Enlargement(RgbImage Image, byte[]? Alpha, IReadOnlyList<string> Notes)
{
    public static Enlargement Create(ISuperResolver resolver, DecodedImage input, int scale, string target)
    {
        var colour = resolver.Upscale(input.Image, scale);
        if (input.Image.SourceIsGrayscale) colour = new RgbImage(colour.Width, colour.Height, colour.Pixels, sourceIsGrayscale: true);
        var notes = new List<string>(input.Notes);
        byte[]? alpha = null;
        if (input.Alpha is not null)
        {
            if (ImageCodec.KeepsAlpha(target)) alpha = DecodedImage.UpscaleAlpha(input.Alpha, input.Image.Width, input.Image.Height, scale);
            else notes.Add($"transparency dropped: {Path.GetExtension(target)} has no alpha channel (write PNG to keep it)");
        }
        return new Enlargement(colour, alpha, notes);
    }

    /// <summary>Writes it atomically to <paramref name="target"/> (<see cref="ImageOutput.Save"/>).</summary>
    public void Save(string target) => ImageOutput.Save(Image, target, Alpha);
}
