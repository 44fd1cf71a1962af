using Microsoft.ML.Data;
using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Transforms.Mappings;

/// <summary>Reads a mapping's inputs, with errors that say which image (by its path, when ML.NET's loader set the tag) is wrong.</summary>
internal static class MappingInputs
{
    public static RgbImage Image(MLImage? image, string role = "image")
    {
        if (image is null) throw new InvalidDataException($"The {role} of this row is missing (null).");
        try
        {
            return image.ToRgbImage();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"The {role} '{image.Tag}' cannot be read ({e.Message}).", e);
        }
    }

    public static Plane Plane(float[]? vector) => PlaneVector.ToPlane(vector ?? Array.Empty<float>());
}
