using System.Runtime.InteropServices;

namespace RedNet.MLNet.Imaging;

/// <summary>
/// The checks an image file passes before any of it is read: it must be a regular file (a FIFO would block the reader
/// forever, a device such as <c>/dev/zero</c> never ends; symbolic links are followed to what they point at), and its size
/// must fit the pixel limit. The pixel limit itself is checked from the header by <see cref="ImageCodec"/>, before decoding.
/// </summary>
public static class ImageFile
{
    /// <summary>
    /// The default pixel limit of every decode in RedNet (library and <c>rednet</c> verbs): 40 megapixels, an 8K photo with
    /// room to spare (its x2 output is 160 MP, a few GB in the pipeline). A header that promises more is refused undecoded.
    /// </summary>
    public const long DefaultMaxPixels = 40_000_000;

    /// <summary>
    /// The most bytes read for an image under <paramref name="maxPixels"/>: 8 bytes a pixel (a 16-bit RGBA file stored
    /// raw) plus 64 MiB for metadata. Reads are bounded by it, so no file, however large, is read whole into memory.
    /// </summary>
    public static long MaxFileBytes(long maxPixels) => maxPixels > (long.MaxValue - (64L << 20)) / 8 ? long.MaxValue : 8 * maxPixels + (64L << 20);

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> naming <paramref name="path"/> when it is missing, a folder, or anything but a
    /// regular file (FIFO, socket, character or block device; a link is judged by its target). Nothing is opened.
    /// </summary>
    public static void RequireRegularFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) throw new InvalidDataException($"'{path}' is a folder, not an image file.");
        if (!File.Exists(path)) throw new InvalidDataException($"'{path}': no such file.");
        if (KindOf(path) is { } kind and not "regular file")
            throw new InvalidDataException($"'{path}' is a {kind}, not a regular file; refused without opening it.");
    }

    /// <summary>Reads <paramref name="path"/> after <see cref="RequireRegularFile"/>, refusing files over <see cref="MaxFileBytes"/>.</summary>
    public static byte[] ReadBounded(string path, long maxPixels)
    {
        RequireRegularFile(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            long limit = MaxFileBytes(maxPixels);
            if (stream.Length > limit || stream.Length > Array.MaxLength)
                throw new InvalidDataException($"'{path}': the file is {stream.Length:N0} bytes, more than an image of at most {maxPixels:N0} pixels can need ({Math.Min(limit, Array.MaxLength):N0}); not read.");
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"'{path}': cannot be read ({e.Message}).", e);
        }
    }

    /// <summary>"regular file", "FIFO", "character device", … for <paramref name="path"/> (links followed), or null when unknown.</summary>
    public static string? KindOf(string path)
    {
        if (OperatingSystem.IsWindows()) return null; // no FIFOs or devices among ordinary paths there
        var status = new byte[256];
        try
        {
            if (SystemNativeStat(path, status) != 0) return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        // .NET's own FileStatus (System.Native's pal_io.h): int32 Flags, int32 Mode, …; Mode's type bits are PAL values.
        int mode = BitConverter.ToInt32(status, 4);
        return (mode & 0xF000) switch
        {
            0x8000 => "regular file",
            0x4000 => "folder",
            0x1000 => "FIFO (named pipe)",
            0x2000 => "character device",
            0x6000 => "block device",
            0xC000 => "socket",
            _ => "special file",
        };
    }

    // The stat .NET itself uses on every Unix (follows links); its layout is the same on all of them, unlike libc's.
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int SystemNativeStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);
}
