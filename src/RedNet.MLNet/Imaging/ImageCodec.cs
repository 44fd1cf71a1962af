using SkiaSharp;

namespace RedNet.MLNet.Imaging;

/// <summary>
/// Reads and writes PNG, BMP and JPEG through SkiaSharp, the stack behind ML.NET's <c>MLImage</c>,
/// so that an image decoded here has exactly the pixels <c>MLImage.CreateFromFile</c> gives.
/// Grayscale, RGB, RGBA and palette files are accepted. Alpha is ignored: like <c>MLImage</c>, a transparent
/// pixel keeps SkiaSharp's premultiplied colour, and the alpha value itself is dropped.
/// </summary>
public static class ImageCodec
{
    /// <summary>File extensions this codec writes (and that image folders are scanned for).</summary>
    public static readonly IReadOnlyList<string> Extensions = new[] { ".png", ".bmp", ".jpg", ".jpeg" };

    /// <summary>True when the file name has one of <see cref="Extensions"/>.</summary>
    public static bool HasImageExtension(string path)
        => Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// True when <paramref name="path"/> is an image file with a single (grey) channel, read from its header only; false for
    /// colour files and for anything that is not a readable image.
    /// </summary>
    public static bool IsSingleChannelFile(string path)
    {
        try
        {
            if (ImageFile.KindOf(path) is { } kind && kind != "regular file") return false; // never open a FIFO or device
            using var stream = File.OpenRead(path);
            using var codec = SKCodec.Create(stream);
            return codec?.Info.ColorType == SKColorType.Gray8;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Decodes a file. Throws <see cref="InvalidDataException"/> naming the file when it is not a regular file (FIFO, device),
    /// is larger than an image of <paramref name="maxPixels"/> can be, has more pixels than that (read from the header,
    /// before any pixel memory is taken), or is not a complete image.
    /// </summary>
    public static RgbImage Decode(string path, long maxPixels = ImageFile.DefaultMaxPixels)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Decode(ImageFile.ReadBounded(path, maxPixels), path, maxPixels);
    }

    /// <summary>Decodes encoded bytes; <paramref name="name"/> is used in error messages.</summary>
    /// <param name="maxPixels">Refuse images whose header gives more pixels than this, before decoding.</param>
    public static RgbImage Decode(byte[] encoded, string name, long maxPixels = ImageFile.DefaultMaxPixels)
    {
        if (encoded.Length == 0) throw new InvalidDataException($"'{name}': the file is empty (0 bytes).");
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        if (codec is null) throw new InvalidDataException($"'{name}': not a readable image (no PNG, BMP, JPEG, GIF or WebP header).");
        CheckPixels(name, codec.Info.Width, codec.Info.Height, maxPixels);

        // The same decode SKBitmap.Decode (and so MLImage) does: codec's own colour type, premultiplied alpha, no colour space.
        var info = codec.Info;
        bool grayscale = info.ColorType == SKColorType.Gray8;
        if (info.AlphaType == SKAlphaType.Unpremul) info.AlphaType = SKAlphaType.Premul;
        info.ColorSpace = null;
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (result == SKCodecResult.IncompleteInput)
            throw new InvalidDataException($"'{name}': the image data is truncated ({info.Width}x{info.Height} expected).");
        if (result != SKCodecResult.Success)
            throw new InvalidDataException($"'{name}': the image cannot be decoded ({result}).");

        // MLImage keeps Bgra8888/Rgba8888 and converts anything else to Bgra8888; do the same conversion.
        SKBitmap bgra = decoded;
        bool converted = false;
        if (decoded.ColorType != SKColorType.Bgra8888 && decoded.ColorType != SKColorType.Rgba8888)
        {
            bgra = decoded.Copy(SKColorType.Bgra8888)
                   ?? throw new InvalidDataException($"'{name}': unsupported pixel format {decoded.ColorType}.");
            converted = true;
        }
        try
        {
            return FromPixels32(bgra.Width, bgra.Height, bgra.GetPixelSpan(), bgra.ColorType == SKColorType.Bgra8888, bgra.RowBytes, grayscale);
        }
        finally
        {
            if (converted) bgra.Dispose();
        }
    }

    /// <summary>Throws <see cref="InvalidDataException"/> naming the file and both sizes when width·height exceeds <paramref name="maxPixels"/>.</summary>
    public static void CheckPixels(string name, int width, int height, long maxPixels, string limitName = "the pixel limit")
    {
        long pixels = (long)width * height;
        if (pixels > maxPixels)
            throw new InvalidDataException($"'{name}': {width}x{height} is {pixels:N0} pixels, more than {limitName} ({maxPixels:N0}); not decoded.");
    }

    /// <summary>Builds an <see cref="RgbImage"/> from 32-bit pixels (BGRA when <paramref name="bgra"/>, else RGBA).</summary>
    public static RgbImage FromPixels32(int width, int height, ReadOnlySpan<byte> pixels, bool bgra, int rowBytes = 0, bool sourceIsGrayscale = false)
    {
        if (rowBytes == 0) rowBytes = 4 * width;
        if (pixels.Length < (long)rowBytes * (height - 1) + 4L * width)
            throw new ArgumentException($"Pixel buffer too small for {width}x{height}.", nameof(pixels));
        var rgb = new byte[3 * width * height];
        int r = bgra ? 2 : 0, b = bgra ? 0 : 2;
        for (int y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * rowBytes, 4 * width);
            int o = 3 * y * width;
            for (int x = 0; x < width; x++, o += 3)
            {
                rgb[o] = row[4 * x + r];
                rgb[o + 1] = row[4 * x + 1];
                rgb[o + 2] = row[4 * x + b];
            }
        }
        return new RgbImage(width, height, rgb, sourceIsGrayscale);
    }

    /// <summary>Opaque 32-bit pixels of <paramref name="image"/> (BGRA when <paramref name="bgra"/>, else RGBA).</summary>
    public static byte[] ToPixels32(RgbImage image, bool bgra)
    {
        var src = image.Pixels;
        var dst = new byte[4 * image.Width * image.Height];
        int r = bgra ? 2 : 0, b = bgra ? 0 : 2;
        for (int i = 0, j = 0; i < src.Length; i += 3, j += 4)
        {
            dst[j + r] = src[i];
            dst[j + 1] = src[i + 1];
            dst[j + b] = src[i + 2];
            dst[j + 3] = 255;
        }
        return dst;
    }

    /// <summary>Encodes to PNG, BMP or JPEG (quality 95) by the extension of <paramref name="pathOrExtension"/>.</summary>
    public static byte[] Encode(RgbImage image, string pathOrExtension)
    {
        ArgumentNullException.ThrowIfNull(pathOrExtension);
        // ".png" is an extension; "./out/x.png", "../x.png" and ".hidden/x.png" are paths (they hold a folder separator).
        bool bareExtension = pathOrExtension.StartsWith('.') && pathOrExtension.IndexOfAny(new[] { '/', '\\', Path.DirectorySeparatorChar }) < 0
                             && pathOrExtension.LastIndexOf('.') == 0;
        string ext = bareExtension ? pathOrExtension : Path.GetExtension(pathOrExtension);
        var format = ext.ToLowerInvariant() switch
        {
            ".png" => SKEncodedImageFormat.Png,
            ".jpg" or ".jpeg" => SKEncodedImageFormat.Jpeg,
            ".bmp" => SKEncodedImageFormat.Bmp,
            _ => throw new ArgumentException($"Cannot write '{pathOrExtension}': use .png, .jpg or .bmp.", nameof(pathOrExtension)),
        };
        if (format == SKEncodedImageFormat.Bmp) return BmpEncoder.Encode(image);
        var pixels = ToPixels32(image, bgra: false);
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var encoded = bitmap.Encode(format, 95)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode {format}.");
        return encoded.ToArray();
    }

    /// <summary>
    /// Writes <paramref name="image"/> to <paramref name="path"/> atomically: the bytes go to a temporary file in the same
    /// folder, which is renamed over the target only when complete, so a crash never leaves half a file behind.
    /// </summary>
    public static void Save(RgbImage image, string path) => AtomicFile.WriteAllBytes(path, Encode(image, path));
}
