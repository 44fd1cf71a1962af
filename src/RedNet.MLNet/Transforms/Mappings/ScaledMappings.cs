using Microsoft.ML.Transforms;
using RedNet.MLNet.Imaging;
using RedNet.MLNet.Metrics;

namespace RedNet.MLNet.Transforms.Mappings;

// ML.NET saves only a CustomMapping's contract name, never its settings. The scale factor of the bicubic and PSNR mappings
// therefore lives in the contract name: one small contract class per supported factor (2 to 8).

/// <summary>Contract names of the factor-dependent mappings.</summary>
public static class ScaledMappingContracts
{
    public const int MinFactor = 2;
    public const int MaxFactor = 8;

    public static string UpscaleBicubic(int factor) => $"RedNet.UpscaleBicubic.x{Check(factor)}.v1";
    public static string DownscaleBicubic(int factor) => $"RedNet.DownscaleBicubic.x{Check(factor)}.v1";
    public static string Psnr(int factor) => $"RedNet.Psnr.x{Check(factor)}.v1";

    public static int Check(int factor) => factor is >= MinFactor and <= MaxFactor
        ? factor
        : throw new ArgumentOutOfRangeException(nameof(factor), factor, $"Scale factor must be between {MinFactor} and {MaxFactor}.");
}

/// <summary>Y plane → Y plane enlarged by MATLAB bicubic.</summary>
public abstract class UpscaleBicubicMapping : CustomMappingFactory<PlaneInput, PlaneOutput>
{
    protected abstract int Factor { get; }

    public static void Map(PlaneInput input, PlaneOutput output, int factor)
        => output.RedNetPlaneOut = PlaneVector.FromPlane(LumaSuperResolution.UpscaleY(MappingInputs.Plane(input.RedNetPlaneIn), factor));

    public override Action<PlaneInput, PlaneOutput> GetMapping()
    {
        int factor = Factor;
        return (i, o) => Map(i, o, factor);
    }
}

/// <summary>Image → modcrop(factor) → MATLAB bicubic 1/factor: the protocol's low-resolution input.</summary>
public abstract class DownscaleBicubicMapping : CustomMappingFactory<ImageInput, ImageOutput>
{
    protected abstract int Factor { get; }

    public static void Map(ImageInput input, ImageOutput output, int factor)
    {
        var image = MappingInputs.Image(input.RedNetImageIn);
        if (image.Width < factor || image.Height < factor)
            throw new InvalidDataException($"Image '{input.RedNetImageIn!.Tag}' ({image.Width}x{image.Height}) is smaller than the factor {factor}.");
        output.RedNetImageOut = MatlabBicubic.Downscale(image, factor).ToMLImage(input.RedNetImageIn!.Tag);
    }

    public override Action<ImageInput, ImageOutput> GetMapping()
    {
        int factor = Factor;
        return (i, o) => Map(i, o, factor);
    }
}

/// <summary>(ground truth, super-resolved) → PSNR on Y with the factor shaved (ground truth modcropped); NaN when the sizes do not fit.</summary>
public abstract class PsnrMapping : CustomMappingFactory<ImagePairInput, SingleOutput>
{
    protected abstract int Factor { get; }

    public static void Map(ImagePairInput input, SingleOutput output, int factor)
    {
        var label = MappingInputs.GroundTruth(input.RedNetLabelIn);
        var score = MappingInputs.Image(input.RedNetScoreIn, "score image");
        try
        {
            output.RedNetSingleOut = (float)SuperResolutionQuality.MeasureAgainstHighResolution(label, score, factor).Psnr;
        }
        catch (ArgumentException)
        {
            output.RedNetSingleOut = float.NaN; // sizes that no modcrop reconciles
        }
    }

    public override Action<ImagePairInput, SingleOutput> GetMapping()
    {
        int factor = Factor;
        return (i, o) => Map(i, o, factor);
    }
}

[CustomMappingFactoryAttribute("RedNet.UpscaleBicubic.x2.v1")] public sealed class UpscaleBicubicX2 : UpscaleBicubicMapping { protected override int Factor => 2; }
[CustomMappingFactoryAttribute("RedNet.UpscaleBicubic.x3.v1")] public sealed class UpscaleBicubicX3 : UpscaleBicubicMapping { protected override int Factor => 3; }
[CustomMappingFactoryAttribute("RedNet.UpscaleBicubic.x4.v1")] public sealed class UpscaleBicubicX4 : UpscaleBicubicMapping { protected override int Factor => 4; }
[CustomMappingFactoryAttribute("RedNet.UpscaleBicubic.x5.v1")] public sealed class UpscaleBicubicX5 : UpscaleBicubicMapping { protected override int Factor => 5; }
[CustomMappingFactoryAttribute("RedNet.UpscaleBicubic.x6.v1")] public sealed class UpscaleBicubicX6 : UpscaleBicubicMapping { protected override int Factor => 6; }
[CustomMappingFactoryAttribute("RedNet.UpscaleBicubic.x7.v1")] public sealed class UpscaleBicubicX7 : UpscaleBicubicMapping { protected override int Factor => 7; }
[CustomMappingFactoryAttribute("RedNet.UpscaleBicubic.x8.v1")] public sealed class UpscaleBicubicX8 : UpscaleBicubicMapping { protected override int Factor => 8; }

[CustomMappingFactoryAttribute("RedNet.DownscaleBicubic.x2.v1")] public sealed class DownscaleBicubicX2 : DownscaleBicubicMapping { protected override int Factor => 2; }
[CustomMappingFactoryAttribute("RedNet.DownscaleBicubic.x3.v1")] public sealed class DownscaleBicubicX3 : DownscaleBicubicMapping { protected override int Factor => 3; }
[CustomMappingFactoryAttribute("RedNet.DownscaleBicubic.x4.v1")] public sealed class DownscaleBicubicX4 : DownscaleBicubicMapping { protected override int Factor => 4; }
[CustomMappingFactoryAttribute("RedNet.DownscaleBicubic.x5.v1")] public sealed class DownscaleBicubicX5 : DownscaleBicubicMapping { protected override int Factor => 5; }
[CustomMappingFactoryAttribute("RedNet.DownscaleBicubic.x6.v1")] public sealed class DownscaleBicubicX6 : DownscaleBicubicMapping { protected override int Factor => 6; }
[CustomMappingFactoryAttribute("RedNet.DownscaleBicubic.x7.v1")] public sealed class DownscaleBicubicX7 : DownscaleBicubicMapping { protected override int Factor => 7; }
[CustomMappingFactoryAttribute("RedNet.DownscaleBicubic.x8.v1")] public sealed class DownscaleBicubicX8 : DownscaleBicubicMapping { protected override int Factor => 8; }

[CustomMappingFactoryAttribute("RedNet.Psnr.x2.v1")] public sealed class PsnrX2 : PsnrMapping { protected override int Factor => 2; }
[CustomMappingFactoryAttribute("RedNet.Psnr.x3.v1")] public sealed class PsnrX3 : PsnrMapping { protected override int Factor => 3; }
[CustomMappingFactoryAttribute("RedNet.Psnr.x4.v1")] public sealed class PsnrX4 : PsnrMapping { protected override int Factor => 4; }
[CustomMappingFactoryAttribute("RedNet.Psnr.x5.v1")] public sealed class PsnrX5 : PsnrMapping { protected override int Factor => 5; }
[CustomMappingFactoryAttribute("RedNet.Psnr.x6.v1")] public sealed class PsnrX6 : PsnrMapping { protected override int Factor => 6; }
[CustomMappingFactoryAttribute("RedNet.Psnr.x7.v1")] public sealed class PsnrX7 : PsnrMapping { protected override int Factor => 7; }
[CustomMappingFactoryAttribute("RedNet.Psnr.x8.v1")] public sealed class PsnrX8 : PsnrMapping { protected override int Factor => 8; }
