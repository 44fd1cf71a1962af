using Microsoft.ML.Transforms;
using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Transforms.Mappings;

/// <summary>
/// CustomMapping contract of LoadImagesChecked: image path → image, through <see cref="ImageCodec.Decode(string, long)"/>
/// (regular files only, pixel limit from the header before decoding, truncated data refused). ML.NET saves no settings of a
/// CustomMapping, so a reloaded pipeline applies <see cref="CheckedImageLoadingEstimator.LoadedPipelineMaxPixels"/>.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class LoadImagesCheckedMapping : CustomMappingFactory<PathInput, ImageOutput>
{
    public const string ContractName = "RedNet.LoadImagesChecked.v1";

    public static void Map(PathInput input, ImageOutput output, long maxPixels)
    {
        // An empty cell is a missing image (null), as with ML.NET's LoadImages; the stage that needs it says so.
        output.RedNetImageOut = string.IsNullOrEmpty(input.RedNetPathIn)
            ? null
            : ImageCodec.Decode(input.RedNetPathIn, maxPixels).ToMLImage(input.RedNetPathIn);
    }

    public override Action<PathInput, ImageOutput> GetMapping() => (i, o) => Map(i, o, CheckedImageLoadingEstimator.LoadedPipelineMaxPixels);
}
