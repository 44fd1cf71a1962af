using SkiaSharp;

namespace RedNet.MLNet.Imaging;

/// <summary>
/// Reads PNG, BMP and JPEG through SkiaSharp, the stack behind ML.NET's <c>MLImage</c>, so that an image decoded here has
/// exactly the pixels <c>MLImage.CreateFromFile</c> gives; writes JPEG through SkiaSharp, PNG with <see cref="PngWriter"/>
/// (faster, files no larger) and BMP with <see cref="BmpEncoder"/> (SkiaSharp has none).
/// Grayscale, RGB, RGBA and palette files are accepted. Colour is read unpremultiplied (unlike <c>MLImage</c>, which
/// premultiplies: the two agree on opaque images), EXIF orientation is applied, and <see cref="DecodeDetailed(string, long)"/>
/// also gives the alpha channel and, for a 16-bit PNG, its exact samples. A grey image (<see cref="RgbImage.SourceIsGrayscale"/>)
/// is written grey; a 16-bit image is written as a 16-bit PNG (<see cref="Save(Rgb16Image, string, ushort[])"/>).
/// </summary>
public static class ImageCodec
{
    /// <summary>File extensions this codec writes (and that image folders are scanned for).</summary>
    public static readonly IReadOnlyList<string> Extensions = new[] { ".png", ".bmp", ".jpg", ".jpeg" };

    /// <summary>True when the file name has one of <see cref="Extensions"/>.</summary>
    public static bool HasImageExtension(string path)
        => Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>File extensions this codec reads: <see cref="Extensions"/> plus .gif and .webp (read, not written).</summary>
    public static readonly IReadOnlyList<string> ReadableExtensions = Extensions.Concat(new[] { ".gif", ".webp" }).ToArray();

    /// <summary>True when the file name has one of <see cref="ReadableExtensions"/>.</summary>
    public static bool HasReadableExtension(string path)
        => ReadableExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

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
    /// <param name="encoded">The file's bytes (PNG, JPEG, BMP, …: what SkiaSharp decodes).</param>
    /// <param name="name">The file name or row that error messages name.</param>
    /// <param name="maxPixels">Refuse images whose header gives more pixels than this, before decoding.</param>
    public static RgbImage Decode(byte[] encoded, string name, long maxPixels = ImageFile.DefaultMaxPixels)
        => DecodeDetailed(encoded, name, maxPixels).Image;

    /// <summary>
    /// <see cref="Decode(string, long)"/>, keeping what the 8-bit RGB exchange type cannot hold: the alpha channel, a 16-bit
    /// PNG's samples, and notes on animation frames left out and colour profiles ignored.
    /// </summary>
    public static DecodedImage DecodeDetailed(string path, long maxPixels = ImageFile.DefaultMaxPixels)
    {
        ArgumentNullException.ThrowIfNull(path);
        return DecodeDetailed(ImageFile.ReadBounded(path, maxPixels), path, maxPixels);
    }

    /// <summary><see cref="DecodeDetailed(string, long)"/> of encoded bytes; <paramref name="name"/> is used in error messages.</summary>
    public static DecodedImage DecodeDetailed(byte[] encoded, string name, long maxPixels = ImageFile.DefaultMaxPixels)
    {
        if (encoded.Length == 0) throw new InvalidDataException($"'{name}': the file is empty (0 bytes).");
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        if (codec is null) throw new InvalidDataException($"'{name}': not a readable image (no PNG, BMP, JPEG, GIF or WebP header).");
        CheckPixels(name, codec.Info.Width, codec.Info.Height, maxPixels);

        // SKBitmap.Decode's (and so MLImage's) decode: codec's own colour type, no colour space; but unpremultiplied, so a
        // half-transparent pixel keeps its colour (MLImage premultiplies: 50 % grey at alpha 50 % would read as 25 % grey).
        var info = codec.Info;
        bool grayscale = info.ColorType == SKColorType.Gray8;
        bool hasAlpha = info.AlphaType != SKAlphaType.Opaque;
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
        RgbImage image;
        byte[]? alpha = null;
        try
        {
            var span = bgra.GetPixelSpan();
            image = FromPixels32(bgra.Width, bgra.Height, span, bgra.ColorType == SKColorType.Bgra8888, bgra.RowBytes, grayscale);
            if (hasAlpha)
            {
                alpha = new byte[bgra.Width * bgra.Height];
                for (int y = 0, i = 0; y < bgra.Height; y++)
                    for (int x = 0; x < bgra.Width; x++, i++) alpha[i] = span[y * bgra.RowBytes + 4 * x + 3];
                if (alpha.All(a => a == 255)) alpha = null; // an alpha channel that is opaque everywhere carries nothing
            }
        }
        finally
        {
            if (converted) bgra.Dispose();
        }

        // A 16-bit PNG's own samples, which SkiaSharp cannot give (it decodes them to 8 bits above).
        var sixteen = Png16Decoder.Decode(encoded, name);
        var notes = new List<string>();
        if (sixteen is null && IsSixteenBit(encoded, codec.Info.ColorType)) notes.Add(DecodedImage.SixteenBitReducedNote);
        if (codec.Info.ColorSpace is { IsSrgb: false }) notes.Add("its ICC colour profile is ignored (colours read as sRGB)");
        if (codec.FrameCount > 1) notes.Add($"animated ({codec.FrameCount} frames): only the first frame is used");
        int orientation = (int)codec.EncodedOrigin;
        Rgb16Image? image16 = sixteen?.Image;
        ushort[]? alpha16 = sixteen?.Alpha;
        if (orientation is >= 2 and <= 8)
        {
            (image, alpha) = DecodedImage.Orient(image, alpha, orientation);
            if (image16 is not null) (image16, alpha16) = DecodedImage.Orient(image16, alpha16, orientation);
            notes.Add($"EXIF orientation {orientation} applied ({image.Width}x{image.Height} as shown by viewers)");
        }
        return new DecodedImage(image, alpha, notes, orientation is >= 2 and <= 8 ? orientation : 1, image16, alpha16);
    }

    // A PNG's IHDR bit depth (byte 24), or a 16-bit colour type from the codec for other formats.
    private static bool IsSixteenBit(byte[] encoded, SKColorType colorType)
        => (encoded.Length > 24 && encoded[12] == 'I' && encoded[13] == 'H' && encoded[14] == 'D' && encoded[15] == 'R' && encoded[24] == 16)
           || colorType is SKColorType.RgbaF16 or SKColorType.Rgba16161616 or SKColorType.Rg1616 or SKColorType.Alpha16;

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

    /// <summary>
    /// Encodes to PNG, BMP or JPEG (quality 95) by the extension of <paramref name="pathOrExtension"/>. A grey image
    /// (<see cref="RgbImage.SourceIsGrayscale"/>) is written as a single-channel PNG/JPEG; <paramref name="alpha"/> (one byte
    /// a pixel) is written into a PNG and dropped by JPEG and BMP, which have none (<see cref="KeepsAlpha"/>).
    /// </summary>
    public static byte[] Encode(RgbImage image, string pathOrExtension, byte[]? alpha = null)
    {
        var format = OutputFormat(pathOrExtension, nameof(pathOrExtension));
        if (format == SKEncodedImageFormat.Bmp) return BmpEncoder.Encode(image);
        if (alpha is not null && alpha.Length != image.Width * image.Height)
            throw new ArgumentException($"Expected {image.Width * image.Height} alpha bytes, got {alpha.Length}.", nameof(alpha));
        bool withAlpha = alpha is not null && format == SKEncodedImageFormat.Png;
        if (format == SKEncodedImageFormat.Png) return EncodePng(image, withAlpha ? alpha : null);
        SKBitmap bitmap;
        if (image.SourceIsGrayscale && !withAlpha)
        {
            var grey = image.GetChannel(1);
            bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Gray8, SKAlphaType.Opaque));
            for (int y = 0; y < image.Height; y++)
                System.Runtime.InteropServices.Marshal.Copy(grey, y * image.Width, bitmap.GetPixels() + y * bitmap.RowBytes, image.Width);
        }
        else bitmap = ToBitmap(image, withAlpha ? alpha : null);
        using var _ = bitmap;
        using var stream = new SKDynamicMemoryWStream();
        Encode(bitmap, stream, format);
        using var encoded = stream.DetachAsData();
        return encoded.ToArray();
    }

    // PNG through PngWriter: grey as one channel (from G), RGB, or RGBA with the alpha given.
    private static byte[] EncodePng(RgbImage image, byte[]? alpha)
    {
        int w = image.Width, channels = alpha is not null ? 4 : image.SourceIsGrayscale ? 1 : 3;
        using var png = new MemoryStream();
        using (var writer = new PngWriter(png, w, image.Height, channels))
        {
            var row = new byte[w * channels];
            for (int y = 0; y < image.Height; y++)
            {
                var rgb = image.Pixels.AsSpan(3 * w * y, 3 * w);
                if (channels == 3)
                {
                    writer.WriteRow(rgb);
                    continue;
                }
                if (channels == 1) PixelRows.GreenToGrey(rgb, row);
                else PixelRows.RgbToRgba(rgb, alpha.AsSpan(w * y, w), row);
                writer.WriteRow(row);
            }
            writer.Finish();
        }
        return png.ToArray();
    }

    /// <summary>
    /// <paramref name="image"/> as an RGBA SkiaSharp bitmap (the caller disposes it): opaque, or with <paramref name="alpha"/>
    /// (one byte a pixel, unpremultiplied) when given.
    /// </summary>
    public static SKBitmap ToBitmap(RgbImage image, byte[]? alpha = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (alpha is not null && alpha.Length != image.Width * image.Height)
            throw new ArgumentException($"Expected {image.Width * image.Height} alpha bytes, got {alpha.Length}.", nameof(alpha));
        var pixels = ToPixels32(image, bgra: false);
        if (alpha is not null)
            for (int i = 0; i < alpha.Length; i++) pixels[4 * i + 3] = alpha[i];
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, alpha is null ? SKAlphaType.Opaque : SKAlphaType.Unpremul));
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        return bitmap;
    }

    /// <summary>Writes <paramref name="bitmap"/> to <paramref name="output"/> as JPEG (quality 95); PNG goes through <see cref="PngWriter"/>.</summary>
    internal static void Encode(SKBitmap bitmap, SKWStream output, SKEncodedImageFormat format)
    {
        if (format != SKEncodedImageFormat.Jpeg) throw new ArgumentException($"SkiaSharp writes only the JPEG results here, not {format}.", nameof(format));
        bool written;
        using (var pixmap = bitmap.PeekPixels())
            written = pixmap.Encode(output, format, 95);
        if (!written) throw new InvalidOperationException($"SkiaSharp could not encode {format}.");
    }

    /// <summary>
    /// The format a result is written in, by the extension of <paramref name="pathOrExtension"/> (a path, or a bare extension
    /// such as ".png"); an ArgumentException for <paramref name="paramName"/> names it when it is none of .png, .jpg, .bmp.
    /// </summary>
    internal static SKEncodedImageFormat OutputFormat(string pathOrExtension, string paramName)
    {
        ArgumentNullException.ThrowIfNull(pathOrExtension, paramName);
        // ".png" is an extension; "./out/x.png", "../x.png" and ".hidden/x.png" are paths (they hold a folder separator).
        bool bareExtension = pathOrExtension.StartsWith('.') && pathOrExtension.IndexOfAny(new[] { '/', '\\', Path.DirectorySeparatorChar }) < 0
                             && pathOrExtension.LastIndexOf('.') == 0;
        string ext = bareExtension ? pathOrExtension : Path.GetExtension(pathOrExtension);
        return ext.ToLowerInvariant() switch
        {
            ".png" => SKEncodedImageFormat.Png,
            ".jpg" or ".jpeg" => SKEncodedImageFormat.Jpeg,
            ".bmp" => SKEncodedImageFormat.Bmp,
            _ => throw new ArgumentException($"Cannot write '{pathOrExtension}': use .png, .jpg or .bmp.", paramName),
        };
    }

    /// <summary>
    /// Writes <paramref name="image"/> to <paramref name="path"/> atomically: the bytes go to a temporary file in the same
    /// folder, which is renamed over the target only when complete, so a crash never leaves half a file behind.
    /// </summary>
    public static void Save(RgbImage image, string path, byte[]? alpha = null) => AtomicFile.WriteAllBytes(path, Encode(image, path, alpha));

    /// <summary>
    /// Writes a 16-bit image atomically as a 16-bit PNG (<see cref="Png16Encoder"/>: grey stays grey, <paramref name="alpha"/>
    /// is written as a 16-bit alpha channel). <paramref name="path"/> must end in .png: JPEG and BMP hold 8 bits
    /// (<see cref="KeepsSixteenBits"/>).
    /// </summary>
    public static void Save(Rgb16Image image, string path, ushort[]? alpha = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!KeepsSixteenBits(path)) throw new ArgumentException($"Cannot write 16-bit samples to '{path}': only PNG holds them.", nameof(path));
        AtomicFile.WriteAllBytes(path, Png16Encoder.Encode(image, alpha));
    }

    /// <summary>True when the format of <paramref name="path"/> stores 16-bit samples (PNG); JPEG and BMP do not.</summary>
    public static bool KeepsSixteenBits(string path) => IsPng(path);

    /// <summary>True when the format of <paramref name="path"/> stores alpha (PNG); JPEG and BMP do not.</summary>
    public static bool KeepsAlpha(string path) => IsPng(path);

    /// <summary>True when <paramref name="path"/> names a PNG file (by its extension, as every writer here picks the format).</summary>
    public static bool IsPng(string path) => Path.GetExtension(path).Equals(".png", StringComparison.OrdinalIgnoreCase);
}
