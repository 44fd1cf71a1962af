using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Evaluation;

/// <summary>Something that enlarges a low-resolution image by an integer factor: bicubic, a RED-Net, a training snapshot.</summary>
public interface ISuperResolver
{
    /// <summary>The method's name as reports show it ("bicubic", "rednet").</summary>
    string Name { get; }

    /// <summary>Returns <paramref name="lowResolution"/> enlarged <paramref name="scale"/> times (exactly scale·width × scale·height).</summary>
    RgbImage Upscale(RgbImage lowResolution, int scale);
}

/// <summary>The protocol's baseline: MATLAB-compatible bicubic enlargement of the 8-bit RGB image.</summary>
public sealed class BicubicSuperResolver : ISuperResolver
{
    public string Name => "bicubic";

    public RgbImage Upscale(RgbImage lowResolution, int scale) => MatlabBicubic.Upscale(lowResolution, scale);
}
