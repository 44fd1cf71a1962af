using Microsoft.ML.OnnxRuntime;
using RedNet.MLNet.Evaluation;
using RedNet.MLNet.Imaging;
using RedNet.MLNet.Onnx;

namespace RedNet.MLNet;

/// <summary>
/// RedNetUpscale's four steps (Y, bicubic, network, merge with bicubic Cb/Cr) done one strip of tiles at a time, so that the
/// working memory is that of a strip (a row of tiles with the overlap, a few floats per output pixel of it) whatever the
/// image's height, and the only full-size buffers are the input image and the destination the rows are written into.
/// For each strip: the bicubic Y rows its tiles need, from only the low-resolution rows those read; each tile through the
/// network, with the same geometry as the tiled graph of <see cref="RedNetApplyingEstimator"/> (tiles of TileSize output
/// pixels, TileOverlap extra input pixels on every side that has image there, trimmed back to the core); then the strip's Cb
/// and Cr by bicubic, merged with the restored Y and handed to the destination. The result equals the ML.NET pipeline's,
/// image for image (tested); the network runs in a session of its own (<see cref="RedNetTileGraph"/>), one tile per call,
/// so a caller can follow the tiles (<see cref="IProgress{T}"/>) and stop between any two (<see cref="CancellationToken"/>).
/// </summary>
public sealed class RedNetStripUpscaler : ISuperResolver, IDisposable
{
    private readonly TileNetwork _network;

    /// <summary>Loads the model the options name (or the embedded one for their scale) and opens its session.</summary>
    /// <exception cref="ArgumentException">A model or option that cannot be used; the message names the option.</exception>
    public RedNetStripUpscaler(RedNetUpscaleOptions? options = null)
    {
        Options = options ?? new RedNetUpscaleOptions();
        if (Options.CpuThreads is < 1 and var threads)
            throw new ArgumentOutOfRangeException(nameof(ApplyRedNetOptions.CpuThreads), threads, "CpuThreads must be 1 or more (null = one per physical core this process may use).");
        Model = RedNetApplyingEstimator.LoadModel(Options);
        var weights = Model.Weights;
        Tiling = new InferenceGraphOptions(Options.TileSize, Options.TileOverlap ?? RedNetApplyingEstimator.ReceptiveFieldRadius(weights.Config.Layers), Options.SelfEnsemble)
        {
            Int8 = RedNetApplyingEstimator.Int8CalibrationFor(Model, Options.Precision),
        };
        Tiling.Validate();
        var graph = RedNetTileGraph.Build(weights, Tiling);
        // A CUDA device is checked as the pipeline checks it: on the pipeline's own graph, one real run.
        Device = Options.GpuDeviceId is null ? InferenceDevice.Cpu
            : InferenceDeviceSelection.Settle(InferenceDeviceSelection.Choose(Options.GpuDeviceId, RedNetInferenceGraph.Build(weights, "Plane", "Restored", Tiling)), Options.FallbackToCpu);
        try
        {
            _network = new TileNetwork(graph, Device.GpuDeviceId, Options.CpuThreads);
        }
        catch (OnnxRuntimeException e) when (Device.GpuDeviceId is int id)
        {
            Device = InferenceDeviceSelection.AfterSessionFailure(id, Options.FallbackToCpu, e);
            _network = new TileNetwork(graph, null, Options.CpuThreads);
        }
    }

    public RedNetUpscaleOptions Options { get; }

    /// <summary>The RED-Net that runs (architecture, weights, training metadata).</summary>
    public RedNetOnnxModel Model { get; }

    /// <summary>Tile size, overlap and self-ensemble.</summary>
    public InferenceGraphOptions Tiling { get; }

    /// <summary>Where ONNX Runtime runs the network (with the reason when a CUDA device asked for is not used).</summary>
    public InferenceDevice Device { get; }

    public string Name => "rednet";

    /// <summary>The enlargement factor (the options' Scale).</summary>
    public int Scale => Options.Scale;

    /// <summary>How many tiles a <paramref name="width"/>×<paramref name="height"/> input takes (what progress counts to).</summary>
    public int TileCount(int width, int height)
    {
        long across = ((long)Scale * width + Tiling.TileSize - 1) / Tiling.TileSize, down = ((long)Scale * height + Tiling.TileSize - 1) / Tiling.TileSize;
        return checked((int)(across * down));
    }

    public RgbImage Upscale(RgbImage lowResolution, int scale)
    {
        if (scale != Scale) throw new ArgumentException($"This upscaler enlarges x{Scale}, not x{scale}.", nameof(scale));
        return Upscale(lowResolution, null, CancellationToken.None);
    }

    /// <summary><paramref name="lowResolution"/> enlarged, with progress per tile; stops within one tile when cancelled.</summary>
    public RgbImage Upscale(RgbImage lowResolution, IProgress<UpscaleProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lowResolution);
        var rows = new RgbImageRows(Scale * lowResolution.Width, Scale * lowResolution.Height);
        Upscale(lowResolution, null, rows, progress, cancellationToken);
        return rows.Image;
    }

    /// <summary>
    /// Enlarges <paramref name="lowResolution"/> (and <paramref name="alpha"/>, one byte a pixel, by bicubic, when given) into
    /// <paramref name="destination"/>, one strip of rows at a time, top to bottom. Reports after every tile; checks
    /// <paramref name="cancellationToken"/> before every tile and throws <see cref="OperationCanceledException"/>, leaving the
    /// rows already written (a caller that saves files writes nothing until this returns).
    /// </summary>
    public void Upscale(RgbImage lowResolution, byte[]? alpha, IImageRows destination, IProgress<UpscaleProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lowResolution);
        ArgumentNullException.ThrowIfNull(destination);
        int lowWidth = lowResolution.Width, lowHeight = lowResolution.Height;
        if (alpha is not null && alpha.Length != lowWidth * lowHeight)
            throw new ArgumentException($"Expected {lowWidth * lowHeight} alpha bytes, got {alpha.Length}.", nameof(alpha));
        var bicubic = new BicubicRowUpscaler(lowWidth, lowHeight, Scale);
        int width = bicubic.OutputWidth, height = bicubic.OutputHeight, tile = Tiling.TileSize, margin = Tiling.TileOverlap;
        int tilesDown = (height + tile - 1) / tile, tilesAcross = (width + tile - 1) / tile, tileCount = tilesDown * tilesAcross;
        var strips = Enumerable.Range(0, tilesDown).Select(r => Strip.Of(r * tile, Math.Min(r * tile + tile, height), margin, height)).ToArray();

        // Every buffer is sized once for the largest strip and reused: the working set of one strip, whatever the height.
        // The bicubic Y band and the restored Y come in pairs, so that strip k+1's band is made and strip k−1 merged (below)
        // while the network works on strip k.
        int bandRows = strips.Max(s => s.BandEnd - s.BandStart), coreRows = Math.Min(tile, height);
        int lowRows = strips.Max(s => Math.Max(Rows(bicubic.InputRows(s.BandStart, s.BandEnd)), Rows(bicubic.InputRows(s.Start, s.End))));
        var lowBand = new float[lowRows * lowWidth];
        var lowBand2 = new float[lowRows * lowWidth];
        var scratch = new float[bandRows * lowWidth];
        float[][] yBands = [new float[bandRows * width], new float[bandRows * width]];
        float[][] restored = [new float[coreRows * width], new float[coreRows * width]];
        var cb = new float[coreRows * width];
        var cr = new float[coreRows * width];
        var alphaStrip = alpha is null ? null : new float[coreRows * width];
        var alphaBytes = alpha is null ? null : new byte[coreRows * width];
        var rgb = new byte[3 * coreRows * width];
        var tileIn = new float[Math.Min(tile + 2 * margin, height) * Math.Min(tile + 2 * margin, width)];
        var tileOut = new float[tileIn.Length];

        // The bicubic Y rows strip k's tiles read (the core and the overlap above and below), on the network's 0–1 scale.
        void Prepare(int k)
        {
            var strip = strips[k];
            var (lowFirst, lowEnd) = bicubic.InputRows(strip.BandStart, strip.BandEnd);
            var lowY = lowBand.AsSpan(0, (lowEnd - lowFirst) * lowWidth);
            YCbCr.ExtractY(lowResolution.Pixels.AsSpan(3 * lowFirst * lowWidth, 3 * lowY.Length), lowY);
            for (int i = 0; i < lowY.Length; i++) lowY[i] *= 1f / 255f; // as LumaSuperResolution.ExtractY scales it
            bicubic.Upscale(lowBand, lowFirst, strip.BandStart, strip.BandEnd, yBands[k % 2], scratch);
        }

        // Strip k's colour, merged with its restored Y, handed to the destination (strips arrive in order, top to bottom).
        void Finish(int k)
        {
            var strip = strips[k];
            MergeStrip(lowResolution, alpha, bicubic, strip, lowBand, lowBand2, scratch, restored[k % 2], cb, cr, alphaStrip, alphaBytes, rgb);
            int rows = strip.End - strip.Start;
            destination.WriteRows(strip.Start, rows, rgb.AsSpan(0, 3 * rows * width), alphaBytes is null ? default : alphaBytes.AsSpan(0, rows * width));
        }

        // The network keeps both cores busy but not all the time (its threads wait for each other at every operator), and
        // the C# work around it — bicubic, colour, the destination's own (a PNG writer compresses there) — is a few per cent
        // of its time (about 0.8 s of a 28 s run at 4000×3000). Done in turn, that work left a core idle; done beside the
        // network on the next and previous strips, it fills those gaps (benchmarks/RESULTS.md, "Spinning threads, strips
        // overlapped"). Both use lowBand and scratch, so one task does both.
        int done = 0;
        progress?.Report(new UpscaleProgress(0, tileCount));
        Prepare(0);
        var beside = Task.CompletedTask;
        try
        {
            for (int k = 0; k < strips.Length; k++)
            {
                int previous = k - 1, next = k + 1;
                beside = Task.Run(() =>
                {
                    if (previous >= 0) Finish(previous);
                    if (next < strips.Length) Prepare(next);
                });
                done = RestoreStrip(yBands[k % 2], 0, width, strips[k], restored[k % 2], 0, tileIn, tileOut, done, tileCount, progress, cancellationToken);
                beside.GetAwaiter().GetResult(); // its exception as it was thrown
            }
            Finish(strips.Length - 1);
        }
        finally
        {
            // Stopped by the network (cancelled, or failed): nothing may still write into the destination once this returns.
            try { beside.Wait(); }
            catch (AggregateException) { } // the network's exception is the one that goes on
        }
    }

    // The strip's tiles through the network, left to right: band[bandOffset..] holds the rows [BandStart, BandEnd) of the
    // bicubic Y (width values a row), restored[restoredOffset..] gets the core rows [Start, End). Returns the tiles done so far.
    private int RestoreStrip(float[] band, int bandOffset, int width, Strip strip, float[] restored, int restoredOffset, float[] tileIn, float[] tileOut,
        int done, int tileCount, IProgress<UpscaleProgress>? progress, CancellationToken cancellationToken)
    {
        int tile = Tiling.TileSize, margin = Tiling.TileOverlap;
        for (int x0 = 0; x0 < width; x0 += tile)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int x1 = Math.Min(x0 + tile, width), xs = Math.Max(x0 - margin, 0), xe = Math.Min(x1 + margin, width);
            int th = strip.BandEnd - strip.BandStart, tw = xe - xs;
            for (int y = 0; y < th; y++) Array.Copy(band, bandOffset + y * width + xs, tileIn, y * tw, tw);
            _network.Run(tileIn, tileOut, th, tw);
            for (int y = strip.Start; y < strip.End; y++)
                Array.Copy(tileOut, (y - strip.BandStart) * tw + (x0 - xs), restored, restoredOffset + (y - strip.Start) * width + x0, x1 - x0);
            progress?.Report(new UpscaleProgress(++done, tileCount));
        }
        return done;
    }

    /// <summary>
    /// A 16-bit image enlarged in float from its samples to the output's (<see cref="LumaSuperResolution.Upscale(Rgb16Image, int, Func{Plane, Plane})"/>),
    /// its Y through the same tiles and session as 8-bit images. Whole planes, not strips: its memory grows with the image.
    /// </summary>
    public Rgb16Image Upscale(Rgb16Image lowResolution, IProgress<UpscaleProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lowResolution);
        return LumaSuperResolution.Upscale(lowResolution, Scale, bicubicY => RestoreY(bicubicY, progress, cancellationToken));
    }

    // The network over a whole bicubic Y plane (0–1), tile by tile, with the strips' geometry.
    private Plane RestoreY(Plane bicubicY, IProgress<UpscaleProgress>? progress, CancellationToken cancellationToken)
    {
        int width = bicubicY.Width, height = bicubicY.Height, tile = Tiling.TileSize, margin = Tiling.TileOverlap;
        var restored = new float[width * height];
        var tileIn = new float[Math.Min(tile + 2 * margin, height) * Math.Min(tile + 2 * margin, width)];
        var tileOut = new float[tileIn.Length];
        int tileCount = ((height + tile - 1) / tile) * ((width + tile - 1) / tile), done = 0;
        progress?.Report(new UpscaleProgress(0, tileCount));
        for (int y0 = 0; y0 < height; y0 += tile)
        {
            var strip = Strip.Of(y0, Math.Min(y0 + tile, height), margin, height);
            done = RestoreStrip(bicubicY.Data, strip.BandStart * width, width, strip, restored, strip.Start * width, tileIn, tileOut, done, tileCount, progress, cancellationToken);
        }
        return new Plane(width, height, restored);
    }

    // The strip's colour: Cb and Cr of the low-resolution rows it reads, enlarged by bicubic, merged with the restored Y
    // (LumaSuperResolution.MergeY, row for row), and the alpha enlarged alike (DecodedImage.UpscaleAlpha).
    private static void MergeStrip(RgbImage lowResolution, byte[]? alpha, BicubicRowUpscaler bicubic, Strip strip, float[] lowCb, float[] lowCr,
        float[] scratch, float[] restored, float[] cb, float[] cr, float[]? alphaStrip, byte[]? alphaBytes, byte[] rgb)
    {
        int lowWidth = lowResolution.Width, width = bicubic.OutputWidth, rows = strip.End - strip.Start;
        var (lowFirst, lowEnd) = bicubic.InputRows(strip.Start, strip.End);
        int lowCount = (lowEnd - lowFirst) * lowWidth;
        YCbCr.Split(lowResolution.Pixels.AsSpan(3 * lowFirst * lowWidth, 3 * lowCount), Span<float>.Empty, lowCb.AsSpan(0, lowCount), lowCr.AsSpan(0, lowCount));
        bicubic.Upscale(lowCb, lowFirst, strip.Start, strip.End, cb, scratch);
        bicubic.Upscale(lowCr, lowFirst, strip.Start, strip.End, cr, scratch);
        Parallel.For(0, rows, y =>
        {
            var restoredRow = restored.AsSpan(y * width, width);
            for (int x = 0; x < restoredRow.Length; x++) restoredRow[x] *= 255f; // as MergeY scales it back
            YCbCr.Merge(restoredRow, cb.AsSpan(y * width, width), cr.AsSpan(y * width, width), rgb.AsSpan(3 * y * width, 3 * width));
        });
        if (alpha is null) return;
        for (int i = 0; i < lowCount; i++) lowCb[i] = alpha[lowFirst * lowWidth + i];
        bicubic.Upscale(lowCb, lowFirst, strip.Start, strip.End, alphaStrip!, scratch);
        for (int i = 0; i < rows * width; i++) alphaBytes![i] = YCbCr.ToByte(alphaStrip![i]);
    }

    private static int Rows((int First, int End) range) => range.End - range.First;

    public void Dispose() => _network.Dispose();

    // One row of tiles: output rows [Start, End) and the rows [BandStart, BandEnd) its tiles read, the overlap included.
    private readonly record struct Strip(int Start, int End, int BandStart, int BandEnd)
    {
        public static Strip Of(int start, int end, int margin, int height) => new(start, end, Math.Max(start - margin, 0), Math.Min(end + margin, height));
    }
}
