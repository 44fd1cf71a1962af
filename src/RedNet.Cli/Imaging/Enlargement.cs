using RedNet.MLNet;
using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Imaging;

/// <summary>
/// What a verb writes for one decoded input: the colour through RedNetUpscale's steps, done a strip of tiles at a time
/// (<see cref="RedNetStripUpscaler"/>) straight into the file for PNG (compressed as the strips come, under a temporary
/// name until <see cref="Save"/>) or into the bitmap the file is encoded from for JPEG and BMP; the alpha channel (when the file has
/// one and the target format holds it) enlarged by bicubic alongside; a grey input written grey; a 16-bit PNG written as a
/// 16-bit PNG (colour and alpha in float from its samples to the output's, through the same network); with the notes to
/// report (EXIF orientation applied, animation frames left out, alpha or 16 bits that the output format cannot hold).
/// </summary>
public sealed class Enlargement : IDisposable
{
    // Exactly one of the three: the PNG written as the strips came, the 8-bit rows the strips wrote (JPEG, BMP), or the
    // 16-bit result (whole planes, see Upscale(Rgb16Image)).
    private readonly StreamingPngFile? _png;
    private readonly OutputBitmap? _output;
    private readonly Rgb16Image? _image16;
    private readonly ushort[]? _alpha16;

    private Enlargement(StreamingPngFile? png, OutputBitmap? output, Rgb16Image? image16, ushort[]? alpha16, RgbImage? colour, bool keepsAlpha, IReadOnlyList<string> notes)
    {
        _png = png;
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

    public int Width => _png?.Width ?? _output?.Width ?? _image16!.Width;
    public int Height => _png?.Height ?? _output?.Height ?? _image16!.Height;

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
        int scale = upscaler.Scale, width = scale * input.Image.Width, height = scale * input.Image.Height;
        StreamingPngFile? png = null;
        OutputBitmap? output = null;
        try
        {
            IImageRows file = ImageCodec.IsPng(target)
                ? png = ImageOutput.Open(() => new StreamingPngFile(width, height, target, input.Image.SourceIsGrayscale, keepAlpha), target)
                : output = new OutputBitmap(width, height, target, input.Image.SourceIsGrayscale, keepAlpha);
            var colour = keepColour ? new RgbImageRows(width, height) : null;
            IImageRows destination = colour is null ? file : new TeeImageRows(file, colour);
            ImageOutput.Save(() => upscaler.Upscale(input.Image, keepAlpha ? input.Alpha : null, destination, progress, cancellationToken), target);
            return new Enlargement(png, output, null, null, colour?.Image, keepAlpha, notes);
        }
        catch
        {
            png?.Dispose();
            output?.Dispose();
            throw;
        }
    }

    // 16 bits kept (PNG holds them, and alpha): whole float planes rather than strips, see RedNetStripUpscaler.Upscale(Rgb16Image).
    private static Enlargement SixteenBit(RedNetStripUpscaler upscaler, DecodedImage input, Rgb16Image deep, bool keepColour, List<string> notes,
        IProgress<UpscaleProgress>? progress, CancellationToken cancellationToken)
    {
        var colour = upscaler.Upscale(deep, progress, cancellationToken);
        var alpha = input.Alpha16 is null ? null : DecodedImage.UpscaleAlpha(input.Alpha16, deep.Width, deep.Height, upscaler.Scale);
        return new Enlargement(null, null, colour, alpha, keepColour ? colour.ToRgbImage() : null, alpha is not null, notes);
    }

    private static string AlphaDropped(string target) => $"transparency dropped: {Path.GetExtension(target)} has no alpha channel (write PNG to keep it)";

    /// <summary>Writes it atomically to <paramref name="target"/> (for PNG: puts the file written so far in place), with an error that names the target.</summary>
    public void Save(string target)
    {
        if (_png is { } png)
        {
            if (!string.Equals(Path.GetFullPath(target), png.Target, StringComparison.Ordinal))
                throw new ArgumentException($"This enlargement is being written to '{png.Target}', not '{target}'.", nameof(target));
            ImageOutput.Save(png.Commit, target);
        }
        else if (_image16 is { } deep) ImageOutput.Save(() => ImageCodec.Save(deep, target, _alpha16), target);
        else ImageOutput.Save(() => _output!.Save(target), target);
    }

    public void Dispose()
    {
        _png?.Dispose();
        _output?.Dispose();
    }
}
