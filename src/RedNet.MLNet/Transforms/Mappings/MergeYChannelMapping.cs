using Microsoft.ML.Transforms;
using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Transforms.Mappings;

/// <summary>CustomMapping contract of MergeYChannel: (restored Y plane, low-resolution colour image) → colour image.</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class MergeYChannelMapping : CustomMappingFactory<PlaneAndImageInput, ImageOutput>
{
    public const string ContractName = "RedNet.MergeYChannel.v1";

    public static void Map(PlaneAndImageInput input, ImageOutput output)
    {
        var colour = MappingInputs.Image(input.RedNetImageIn, "colour image");
        var y = MappingInputs.Plane(input.RedNetPlaneIn);
        output.RedNetImageOut = LumaSuperResolution.MergeY(y, colour).ToMLImage(input.RedNetImageIn!.Tag);
    }

    public override Action<PlaneAndImageInput, ImageOutput> GetMapping() => Map;
}
