using RedNet.MLNet.Imaging;

namespace RedNet.Cli.Tests;

/// <summary>Small synthetic images for the CLI tests, so they run on a clone without ../shared.</summary>
internal static class TestImages
{
    /// <summary>A colourful image with edges and texture (smooth gradients alone would be too easy to enlarge), seeded.</summary>
    public static RgbImage Pattern(int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[3 * width * height];
        int cx = random.Next(width), cy = random.Next(height), period = 3 + random.Next(6);
        for (int y = 0, i = 0; y < height; y++)
            for (int x = 0; x < width; x++, i += 3)
            {
                bool ring = ((int)Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)) / period) % 2 == 0;
                pixels[i] = (byte)(ring ? 200 : 40 + 4 * x % 120);
                pixels[i + 1] = (byte)(60 + (x * 7 + y * 3 + seed) % 150);
                pixels[i + 2] = (byte)(ring ? 30 + random.Next(40) : 220 - 3 * y % 100);
            }
        return new RgbImage(width, height, pixels);
    }

    /// <summary>Writes <see cref="Pattern"/> to <paramref name="path"/> (format by extension) and returns it.</summary>
    public static RgbImage Write(string path, int width, int height, int seed)
    {
        var image = Pattern(width, height, seed);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, ImageCodec.Encode(image, path));
        return image;
    }

    /// <summary>A valid ICO file holding a PNG: an image format SkiaSharp reads but the tool does not accept.</summary>
    public static byte[] Icon(int size)
    {
        var png = ImageCodec.Encode(Pattern(size, size, 1), ".png");
        var ico = new MemoryStream();
        var w = new BinaryWriter(ico);
        w.Write((ushort)0); w.Write((ushort)1); w.Write((ushort)1);            // ICONDIR: reserved, type 1 = icon, 1 image
        w.Write((byte)size); w.Write((byte)size); w.Write((byte)0); w.Write((byte)0);
        w.Write((ushort)1); w.Write((ushort)32); w.Write(png.Length); w.Write(22); // planes, bpp, size, offset of the PNG
        w.Write(png);
        return ico.ToArray();
    }
}
