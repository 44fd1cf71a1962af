using RedNet.MLNet;
using RedNet.MLNet.Imaging;
using SkiaSharp;

namespace RedNet.Cli.Report;

/// <summary>
/// The report's side-by-side picture: the same region of several images (HR | bicubic | RED-Net), each enlarged
/// <see cref="Zoom"/> times with nearest-neighbour sampling, so single pixels and the differences between methods stay
/// visible, under a label each. Drawn with SkiaSharp and written atomically as PNG.
/// </summary>
public static class CropComparisonPicture
{
    public const int Zoom = 3;
    private const int Margin = 8, Gap = 8, LabelPixel = 2, LabelBand = PixelFont.GlyphHeight * LabelPixel + 8;

    /// <summary>Draws the panels and writes them to <paramref name="path"/>.</summary>
    public static void Save(string path, CropRegion region, IReadOnlyList<(string Label, RgbImage Image)> panels)
    {
        int panelWidth = region.Width * Zoom, panelHeight = region.Height * Zoom;
        int width = 2 * Margin + panels.Count * panelWidth + (panels.Count - 1) * Gap;
        int height = 2 * Margin + LabelBand + panelHeight;
        using var picture = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(picture))
        {
            canvas.Clear(SKColors.White);
            using var nearest = new SKPaint { FilterQuality = SKFilterQuality.None, IsAntialias = false };
            for (int i = 0; i < panels.Count; i++)
            {
                int left = Margin + i * (panelWidth + Gap);
                PixelFont.Draw(canvas, panels[i].Label, left, Margin, LabelPixel, SKColors.Black);
                using var crop = ImageCodec.ToBitmap(panels[i].Image.Crop(region.X, region.Y, region.Width, region.Height));
                canvas.DrawBitmap(crop, new SKRect(left, Margin + LabelBand, left + panelWidth, Margin + LabelBand + panelHeight), nearest);
            }
        }
        using var encoded = picture.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("SkiaSharp could not encode the comparison picture as PNG.");
        AtomicFile.WriteAllBytes(path, encoded.ToArray());
    }
}
