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

    /// <summary>
    /// A ground-truth image for scoring. An MLImage is always colour, so a grey file (e.g. Set14's bridge) would be scored on
    /// rgb2ycbcr of its grey level, 1.3 dB away from the protocol; when the image's tag names a single-channel file (as
    /// LoadImages' tags do) the image is marked grey, so its grey level is its Y, as `rednet eval` scores it.
    /// </summary>
    public static RgbImage GroundTruth(MLImage? image, string role = "label image")
    {
        var rgb = Image(image, role);
        return image!.Tag is { Length: > 0 } tag && File.Exists(tag) && ImageCodec.IsSingleChannelFile(tag)
            ? new RgbImage(rgb.Width, rgb.Height, rgb.Pixels, sourceIsGrayscale: true)
            : rgb;
    }

    public static Plane Plane(float[]? vector) => PlaneVector.ToPlane(vector ?? Array.Empty<float>());
}
