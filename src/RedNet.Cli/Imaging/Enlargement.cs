using RedNet.MLNet.Evaluation;
using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Imaging;

/// <summary>
/// What a verb writes for one decoded input: the colour through the RED-Net pipeline, the alpha channel (when the file has
/// one) enlarged by bicubic and re-attached, a grey input written grey, a 16-bit PNG written as a 16-bit PNG (colour and
/// alpha in float from its samples to the output's, <see cref="ISixteenBitSuperResolver"/>); with the notes to report (EXIF
/// orientation applied, animation frames left out, alpha or 16 bits that the output format cannot hold).
/// </summary>
/// <param name="Image">The result in 8 bits (for a 16-bit result, <paramref name="Image16"/> rounded: what scores use).</param>
/// <param name="Image16">The 16-bit result, written instead of <paramref name="Image"/>; null for an 8-bit input.</param>
/// <param name="Alpha16">The 16-bit alpha that goes with <paramref name="Image16"/>.</param>
public sealed record Enlargement(RgbImage Image, byte[]? Alpha, IReadOnlyList<string> Notes, Rgb16Image? Image16 = null, ushort[]? Alpha16 = null)
{
    public static Enlargement Create(ISuperResolver resolver, DecodedImage input, int scale, string target)
    {
        var notes = new List<string>(input.Notes);
        if (input.Image16 is { } deep)
        {
            if (resolver is ISixteenBitSuperResolver sixteen && ImageCodec.KeepsSixteenBits(target))
                return SixteenBit(sixteen, input, deep, scale, notes);
            notes.Add(DecodedImage.SixteenBitReducedNote + (ImageCodec.KeepsSixteenBits(target) ? "" : $" ({Path.GetExtension(target)} holds 8)"));
        }
        var colour = resolver.Upscale(input.Image, scale);
        if (input.Image.SourceIsGrayscale) colour = new RgbImage(colour.Width, colour.Height, colour.Pixels, sourceIsGrayscale: true);
        byte[]? alpha = null;
        if (input.Alpha is not null)
        {
            if (ImageCodec.KeepsAlpha(target)) alpha = DecodedImage.UpscaleAlpha(input.Alpha, input.Image.Width, input.Image.Height, scale);
            else notes.Add(AlphaDropped(target));
        }
        return new Enlargement(colour, alpha, notes);
    }

    private static Enlargement SixteenBit(ISixteenBitSuperResolver resolver, DecodedImage input, Rgb16Image deep, int scale, List<string> notes)
    {
        var colour = resolver.Upscale(deep, scale);
        var alpha = input.Alpha16 is null ? null : DecodedImage.UpscaleAlpha(input.Alpha16, deep.Width, deep.Height, scale);
        return new Enlargement(colour.ToRgbImage(), null, notes, colour, alpha);
    }

    private static string AlphaDropped(string target) => $"transparency dropped: {Path.GetExtension(target)} has no alpha channel (write PNG to keep it)";

    /// <summary>Writes it atomically to <paramref name="target"/> (<see cref="ImageOutput.Save"/>).</summary>
    public void Save(string target)
    {
        if (Image16 is not null) ImageOutput.Save(target, () => ImageCodec.Save(Image16, target, Alpha16));
        else ImageOutput.Save(Image, target, Alpha);
    }
}
