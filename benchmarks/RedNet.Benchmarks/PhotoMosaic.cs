using RedNet.MLNet.Imaging;

namespace RedNet.Benchmarks;

/// <summary>
/// Writes a large photo-like test input: a grid of training photos (BSD200 by default; never a test set) side by side,
/// each at its own size, cut to the requested size. Real photographic detail everywhere, so the network, bicubic and PNG
/// coder do the work a photo costs them (a flat or synthetic image compresses and runs differently).
/// </summary>
public static class PhotoMosaic
{
    public static void Write(BenchmarkOptions options)
    {
        int width = options.Int("width", 6000), height = options.Int("height", 4000);
        string output = options.Get("out") ?? throw new ArgumentException("--out is required");
        string folder = options.Get("from") ?? "../shared/datasets/BSD200";
        var photos = Directory.EnumerateFiles(folder, "*.png").Order(StringComparer.Ordinal).ToList();
        if (photos.Count == 0) throw new ArgumentException($"no PNG photos in '{folder}'");
        var mosaic = RgbImage.Create(width, height);
        int next = 0;
        for (int y0 = 0, rowHeight; y0 < height; y0 += rowHeight)
        {
            rowHeight = 0;
            for (int x0 = 0; x0 < width;)
            {
                var photo = ImageCodec.Decode(photos[next++ % photos.Count]);
                int w = Math.Min(photo.Width, width - x0), h = Math.Min(photo.Height, height - y0);
                for (int y = 0; y < h; y++)
                    Buffer.BlockCopy(photo.Pixels, 3 * y * photo.Width, mosaic.Pixels, 3 * ((y0 + y) * width + x0), 3 * w);
                x0 += w;
                rowHeight = Math.Max(rowHeight, h);
            }
        }
        ImageCodec.Save(mosaic, output);
        Console.WriteLine($"photo-mosaic width={width} height={height} photos={Math.Min(next, photos.Count)} out={output}");
    }
}
