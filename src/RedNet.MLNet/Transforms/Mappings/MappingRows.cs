using System.ComponentModel;
using Microsoft.ML.Data;

namespace RedNet.MLNet.Transforms.Mappings;

// Row classes of RedNet's CustomMapping contracts. ML.NET binds CustomMapping columns by member name, and only the contract
// name is saved, so these names are fixed: each stage copies its input into them and its output out of them.
// They are public because ML.NET builds getters for them by reflection; they are not part of the API.

[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class NoInput
{
}

[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ImageInput
{
    public MLImage? RedNetImageIn { get; set; }
}

[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ImageOutput
{
    public MLImage? RedNetImageOut { get; set; }
}

[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PlaneInput
{
    [VectorType]
    public float[] RedNetPlaneIn { get; set; } = Array.Empty<float>();
}

[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PlaneOutput
{
    [VectorType]
    public float[] RedNetPlaneOut { get; set; } = Array.Empty<float>();
}

[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PlaneAndImageInput
{
    [VectorType]
    public float[] RedNetPlaneIn { get; set; } = Array.Empty<float>();

    public MLImage? RedNetImageIn { get; set; }
}

[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ImagePairInput
{
    public MLImage? RedNetLabelIn { get; set; }

    public MLImage? RedNetScoreIn { get; set; }
}

[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SingleOutput
{
    public float RedNetSingleOut { get; set; }
}

[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PathInput
{
    public string RedNetPathIn { get; set; } = "";
}
