using Microsoft.ML;
using Microsoft.ML.Data;
using RedNet.MLNet.Imaging;
using RedNet.MLNet.Transforms.Mappings;

namespace RedNet.MLNet;

/// <summary>Produced by <see cref="CheckedImageLoadingEstimator"/>: an image column loaded from a column of paths, with limits.</summary>
public sealed class CheckedImageLoadingTransformer : ForwardingTransformer
{
    internal CheckedImageLoadingTransformer(ITransformer inner, string outputColumnName, string inputColumnName, long maxPixels) : base(inner)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        MaxPixels = maxPixels;
    }

    public string OutputColumnName { get; }
    public string InputColumnName { get; }

    /// <summary>Images whose header gives more pixels are refused before decoding.</summary>
    public long MaxPixels { get; }
}

/// <summary>
/// Loads images like ML.NET's <c>LoadImages</c>, but safe for files as users have them: a path that is not a regular file
/// (a FIFO, <c>/dev/zero</c> or a link to it) is refused without opening it, an image whose header gives more than
/// <c>maxPixels</c> pixels is refused before any pixel memory is taken, and a truncated PNG/JPEG is an error rather than a
/// half-black image. A refused row throws <see cref="RowDataException"/> naming the row and the file.
/// Input: a text column of paths (absolute, or relative to the current folder). Output: an <see cref="MLImage"/> column (opaque;
/// alpha is dropped as RedNetUpscale drops it), tagged with the path.
/// </summary>
/// <remarks>Estimator characteristics: does not need training; savable (as a CustomMapping contract). ML.NET saves no settings of
/// a CustomMapping: a reloaded pipeline applies <see cref="LoadedPipelineMaxPixels"/>.</remarks>
public sealed class CheckedImageLoadingEstimator : IEstimator<CheckedImageLoadingTransformer>
{
    private readonly TransformsCatalog _catalog;
    private readonly string _output;
    private readonly string _input;
    private readonly long _maxPixels;

    internal CheckedImageLoadingEstimator(TransformsCatalog catalog, string outputColumnName, string? inputColumnName, long maxPixels)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _output = outputColumnName ?? throw new ArgumentNullException(nameof(outputColumnName));
        _input = inputColumnName ?? outputColumnName;
        if (maxPixels < 1) throw new ArgumentOutOfRangeException(nameof(maxPixels), maxPixels, "maxPixels must be 1 or more.");
        _maxPixels = maxPixels;
    }

    /// <summary>The pixel limit of the checked loader in pipelines loaded from a file (process-wide; default <see cref="ImageFile.DefaultMaxPixels"/>).</summary>
    public static long LoadedPipelineMaxPixels { get; set; } = ImageFile.DefaultMaxPixels;

    public CheckedImageLoadingTransformer Fit(IDataView input)
    {
        RequireText(input.Schema, _input);
        long limit = _maxPixels;
        var inner = MappingStage.Fit<PathInput, ImageOutput>(_catalog, input, (i, o) => LoadImagesCheckedMapping.Map(i, o, limit),
            LoadImagesCheckedMapping.ContractName, new[] { (nameof(PathInput.RedNetPathIn), _input) }, nameof(ImageOutput.RedNetImageOut), _output);
        return new CheckedImageLoadingTransformer(inner, _output, _input, _maxPixels);
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var col = inputSchema.FirstOrDefault(c => c.Name == _input);
        if (col.Name is null) throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Could not find input column '{_input}'");
        if (col.Kind != SchemaShape.Column.VectorKind.Scalar || col.ItemType is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Schema mismatch for input column '{_input}': expected String, got {col.ItemType}");
        return SchemaChecks.WithImage(_catalog, inputSchema, _output);
    }

    private static void RequireText(DataViewSchema schema, string column)
    {
        var col = schema.GetColumnOrNull(column) ?? throw new ArgumentOutOfRangeException("inputSchema", $"Could not find input column '{column}'");
        if (col.Type is not TextDataViewType)
            throw new ArgumentOutOfRangeException("inputSchema", $"Schema mismatch for input column '{column}': expected String, got {col.Type}");
    }
}
