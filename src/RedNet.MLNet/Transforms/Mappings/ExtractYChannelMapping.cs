using Microsoft.ML.Transforms;
using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Transforms.Mappings;

/// <summary>CustomMapping contract of ExtractYChannel: image → Y plane (rgb2ycbcr, 0–1).</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class ExtractYChannelMapping : CustomMappingFactory<ImageInput, PlaneOutput>
{
    public const string ContractName = "RedNet.ExtractYChannel.v1";

    public static void Map(ImageInput input, PlaneOutput output)
        => output.RedNetPlaneOut = PlaneVector.FromPlane(LumaSuperResolution.ExtractY(MappingInputs.Image(input.RedNetImageIn)));

    public override Action<ImageInput, PlaneOutput> GetMapping() => Map;
}
