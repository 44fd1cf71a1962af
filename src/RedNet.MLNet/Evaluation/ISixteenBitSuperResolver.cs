using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Evaluation;

/// <summary>
/// A method that can also enlarge a 16-bit image with no 8-bit step on the way (RED-Net refines Y in float, so the colour
/// path can stay in float from the 16-bit samples to the 16-bit output).
/// </summary>
public interface ISixteenBitSuperResolver : ISuperResolver
{
    /// <summary>Returns <paramref name="lowResolution"/> enlarged <paramref name="scale"/> times, as 16-bit samples.</summary>
    Rgb16Image Upscale(Rgb16Image lowResolution, int scale);
}
