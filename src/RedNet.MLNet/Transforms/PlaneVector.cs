using Microsoft.ML.Data;
using RedNet.MLNet.Imaging;

namespace RedNet.MLNet;

/// <summary>
/// How a Y-plane column is laid out: a variable-length <c>Vector&lt;Single&gt;</c> holding the height, the width, then the
/// height·width values row-major, on the 0–1 scale. One column carries both the pixels and their shape, so planes of
/// different sizes can share a column and flow straight into ONNX Runtime (ML.NET's ApplyOnnxModel allows one unknown dimension).
/// </summary>
public static class PlaneVector
{
    /// <summary>Values before the pixels: height, width.</summary>
    public const int HeaderLength = 2;

    /// <summary>Encodes a plane.</summary>
    public static float[] FromPlane(Plane plane)
    {
        var vector = new float[HeaderLength + plane.Data.Length];
        vector[0] = plane.Height;
        vector[1] = plane.Width;
        Array.Copy(plane.Data, 0, vector, HeaderLength, plane.Data.Length);
        return vector;
    }

    /// <summary>Decodes a plane; throws <see cref="InvalidDataException"/> when the vector is not a valid plane.</summary>
    public static Plane ToPlane(ReadOnlySpan<float> vector)
    {
        if (vector.Length < HeaderLength + 1)
            throw new InvalidDataException($"A Y-plane vector needs a height, a width and pixels; it has {vector.Length} values.");
        float h = vector[0], w = vector[1];
        if (!(h >= 1) || !(w >= 1) || h != MathF.Floor(h) || w != MathF.Floor(w) || (long)h * (long)w != vector.Length - HeaderLength)
            throw new InvalidDataException($"Not a Y-plane vector: header {h}x{w} does not match its {vector.Length - HeaderLength} values.");
        return new Plane((int)w, (int)h, vector[HeaderLength..].ToArray());
    }

    /// <summary>Decodes a plane from an ML.NET vector value.</summary>
    public static Plane ToPlane(VBuffer<float> vector) => ToPlane(vector.DenseValues().ToArray());
}
