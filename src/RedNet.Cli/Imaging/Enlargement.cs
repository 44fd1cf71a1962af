using RedNet.MLNet;
using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Imaging;

/// <summary>
/// What a verb writes for one decoded input: the colour through RedNetUpscale's steps, done a strip of tiles at a time
/// (<see cref="RedNetStripUpscaler"/>) straight into the bitmap the file is encoded from; the alpha channel (when the file has
/// one and the target format holds it) enlarged by bicubic alongside; a grey input written grey; a 16-bit PNG written as a
/// 16-bit PNG (colour and alpha in float from its samples to the output's, through the same network); with the notes to
/// report (EXIF orientation applied, animation frames left out, alpha or 16 bits that the output format cannot hold).
/// </summary>
public sealed class Enlargement : IDisposable
{
    // Exactly one of the two: the 8-bit rows the strips wrote, or the 16-bit result (whole planes, see Upscale(Rgb16Image)).
    private readonly OutputBitmap? _output;
    private readonly Rgb16Image? _image16;
    private readonly ushort[]? _alpha16;

    private Enlargement(OutputBitmap? output, Rgb16Image? image16, ushort[]? alpha16, RgbImage? colour, bool keepsAlpha, IReadOnlyList<string> notes)
    {
        _output = output;
        _image16 = image16;
        _alpha16 = alpha16;
        Colour = colour;
        KeepsAlpha = keepsAlpha;
        Notes = notes;
    }

    /// <summary>The enlarged colour as 8-bit RGB, when <see cref="Create"/> was asked to keep it (to score it); else null.</summary>
    public RgbImage? Colour { get; }

    /// <summary>True when the input's alpha was enlarged and goes into the file.</summary>
    public bool KeepsAlpha { get; }

    public IReadOnlyList<string> Notes { get; }

    public int Width => _output?.Width ?? _image16!.Width;
    public int Height => _output?.Height ?? _image16!.Height;

    /// <param name="keepColour">Also keep the colour as an <see cref="RgbImage"/> (<see cref="Colour"/>): a full-size copy.</param>
    /// <param name="progress">Gets the tiles done of this image.</param>
    /// <param name="cancellationToken">Stops it within one tile (<see cref="OperationCanceledException"/>); nothing is written.</param>
    public static Enlargement Create(RedNetStripUpscaler upscaler, DecodedImage input, string target, bool keepColour = false,
        IProgress<UpscaleProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var notes = new List<string>(input.Notes);
        if (input.Image16 is { } deep)
        {
            if (ImageCodec.KeepsSixteenBits(target))
                return SixteenBit(upscaler, input, deep, keepColour, notes, progress, cancellationToken);
            notes.Add($"{DecodedImage.SixteenBitReducedNote} ({Path.GetExtension(target)} holds 8)");
        }
        bool keepAlpha = input.Alpha is not null && ImageCodec.KeepsAlpha(target);
        if (input.Alpha is not null && !keepAlpha) notes.Add(AlphaDropped(target));
        int scale = upscaler.Scale;
        var output = new OutputBitmap(scale * input.Image.Width, scale * input.Image.Height, target, input.Image.SourceIsGrayscale, keepAlpha);
        try
        {
            var colour = keepColour ? new RgbImageRows(output.Width, output.Height) : null;
            IImageRows destination = colour is null ? output : new TeeImageRows(output, colour);
            upscaler.Upscale(input.Image, keepAlpha ? input.Alpha : null, destination, progress, cancellationToken);
            return new Enlargement(output, null, null, colour?.Image, keepAlpha, notes);
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    // 16 bits kept (PNG holds them, and alpha): whole float planes rather than strips, see RedNetStripUpscaler.Upscale(Rgb16Image).
    private static Enlargement SixteenBit(RedNetStripUpscaler upscaler, DecodedImage input, Rgb16Image deep, bool keepColour, List<string> notes,
        IProgress<UpscaleProgress>? progress, CancellationToken cancellationToken)
    {
        var colour = upscaler.Upscale(deep, progress, cancellationToken);
        var alpha = input.Alpha16 is null ? null : DecodedImage.UpscaleAlpha(input.Alpha16, deep.Width, deep.Height, upscaler.Scale);
        return new Enlargement(null, colour, alpha, keepColour ? colour.ToRgbImage() : null, alpha is not null, notes);
    }

    private static string AlphaDropped(string target) => $"transparency dropped: {Path.GetExtension(target)} has no alpha channel (write PNG to keep it)";

    /// <summary>Writes it atomically to <paramref name="target"/>, with an error that names the target.</summary>
    public void Save(string target)
    {
        if (_image16 is { } deep) ImageOutput.Save(() => ImageCodec.Save(deep, target, _alpha16), target);
        else ImageOutput.Save(() => _output!.Save(target), target);
    }

    public void Dispose() => _output?.Dispose();
}
