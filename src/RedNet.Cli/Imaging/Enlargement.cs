using RedNet.MLNet;
using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Imaging;

/// <summary>
/// What a verb writes for one decoded input: the colour through RedNetUpscale's steps, done a strip of tiles at a time
/// (<see cref="RedNetStripUpscaler"/>) straight into the bitmap the file is encoded from; the alpha channel (when the file has
/// one and the target format holds it) enlarged by bicubic alongside; a grey input written grey; with the notes to report
/// (16-bit reduced, EXIF orientation applied, animation frames left out, alpha that the output format cannot hold).
/// </summary>
public sealed class Enlargement : IDisposable
{
    private readonly OutputBitmap _output;

    private Enlargement(OutputBitmap output, RgbImage? colour, bool keepsAlpha, IReadOnlyList<string> notes)
    {
        _output = output;
        Colour = colour;
        KeepsAlpha = keepsAlpha;
        Notes = notes;
    }

    /// <summary>The enlarged colour as RGB, when <see cref="Create"/> was asked to keep it (to score it); else null.</summary>
    public RgbImage? Colour { get; }

    /// <summary>True when the input's alpha was enlarged and goes into the file.</summary>
    public bool KeepsAlpha { get; }

    public IReadOnlyList<string> Notes { get; }

    public int Width => _output.Width;
    public int Height => _output.Height;

    /// <param name="keepColour">Also keep the colour as an <see cref="RgbImage"/> (<see cref="Colour"/>): a full-size copy.</param>
    /// <param name="progress">Gets the tiles done of this image.</param>
    /// <param name="cancellationToken">Stops it within one tile (<see cref="OperationCanceledException"/>); nothing is written.</param>
    public static Enlargement Create(RedNetStripUpscaler upscaler, DecodedImage input, string target, bool keepColour = false,
        IProgress<UpscaleProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var notes = new List<string>(input.Notes);
        bool keepAlpha = input.Alpha is not null && ImageCodec.KeepsAlpha(target);
        if (input.Alpha is not null && !keepAlpha)
            notes.Add($"transparency dropped: {Path.GetExtension(target)} has no alpha channel (write PNG to keep it)");
        int scale = upscaler.Scale;
        var output = new OutputBitmap(scale * input.Image.Width, scale * input.Image.Height, target, input.Image.SourceIsGrayscale, keepAlpha);
        try
        {
            var colour = keepColour ? new RgbImageRows(output.Width, output.Height) : null;
            IImageRows destination = colour is null ? output : new TeeImageRows(output, colour);
            upscaler.Upscale(input.Image, keepAlpha ? input.Alpha : null, destination, progress, cancellationToken);
            return new Enlargement(output, colour?.Image, keepAlpha, notes);
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>Writes it atomically to <paramref name="target"/>, with an error that names the target.</summary>
    public void Save(string target) => ImageOutput.Save(() => _output.Save(target), target);

    public void Dispose() => _output.Dispose();
}
