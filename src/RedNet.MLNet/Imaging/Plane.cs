namespace RedNet.MLNet.Imaging;

/// <summary>
/// One channel of floats, row-major. Values are on whatever scale the caller keeps
/// (the protocol keeps Y on 0–255; the network sees 0–1).
/// </summary>
public sealed class Plane
{
    public Plane(int width, int height, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "Width must be positive.");
        if (height <= 0) throw new ArgumentOutOfRangeException(nameof(height), height, "Height must be positive.");
        if (data.Length != (long)width * height)
            throw new ArgumentException($"Expected {(long)width * height} values for a {width}x{height} plane, got {data.Length}.", nameof(data));
        Width = width;
        Height = height;
        Data = data;
    }

    public Plane(int width, int height) : this(width, height, new float[checked(width * height)]) { }

    public int Width { get; }
    public int Height { get; }
    public float[] Data { get; }

    public float this[int x, int y]
    {
        get => Data[y * Width + x];
        set => Data[y * Width + x] = value;
    }

    /// <summary>Copies the rectangle [x, x+width) × [y, y+height).</summary>
    public Plane Crop(int x, int y, int width, int height)
    {
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > Width || y + height > Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"Crop {x},{y} {width}x{height} is outside the {Width}x{Height} plane.");
        var data = new float[width * height];
        for (int row = 0; row < height; row++)
            Array.Copy(Data, (y + row) * Width + x, data, row * width, width);
        return new Plane(width, height, data);
    }

    /// <summary>Removes <paramref name="border"/> pixels from every side (the protocol shaves the scale factor).</summary>
    public Plane Shave(int border)
    {
        if (border < 0) throw new ArgumentOutOfRangeException(nameof(border), border, "Border must not be negative.");
        if (border == 0) return this;
        if (2 * border >= Width || 2 * border >= Height)
            throw new ArgumentOutOfRangeException(nameof(border), border, $"Shaving {border} pixels leaves nothing of a {Width}x{Height} plane.");
        return Crop(border, border, Width - 2 * border, Height - 2 * border);
    }

    /// <summary>Returns a copy with every value multiplied by <paramref name="factor"/>.</summary>
    public Plane Scaled(float factor)
    {
        var data = new float[Data.Length];
        for (int i = 0; i < data.Length; i++) data[i] = Data[i] * factor;
        return new Plane(Width, Height, data);
    }
}
