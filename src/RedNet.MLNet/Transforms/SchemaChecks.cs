using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using RedNet.MLNet.Transforms.Mappings;

namespace RedNet.MLNet;

/// <summary>
/// Schema validation with ML.NET's own wording ("Could not find input column 'X'", "Schema mismatch for input column 'X':
/// expected T, got U"), at pipeline build (<see cref="SchemaShape"/>) and at Fit (<see cref="DataViewSchema"/>).
/// </summary>
internal static class SchemaChecks
{
    public const string ImageTypeName = "Image";
    public const string PlaneTypeName = "Vector<Single> (a Y plane: height, width, pixels)";

    public static void RequireImage(DataViewSchema schema, string column, string role = "input")
    {
        var col = Find(schema, column, role);
        if (col.Type is not ImageDataViewType) throw Mismatch(column, role, ImageTypeName, $"{col.Type}");
    }

    public static void RequirePlane(DataViewSchema schema, string column, string role = "input")
    {
        var col = Find(schema, column, role);
        if (col.Type is not VectorDataViewType { ItemType: var item } || item != NumberDataViewType.Single)
            throw Mismatch(column, role, PlaneTypeName, $"{col.Type}");
    }

    public static void RequireImage(SchemaShape shape, string column, string role = "input")
    {
        var col = Find(shape, column, role);
        if (col.Kind != SchemaShape.Column.VectorKind.Scalar || col.ItemType is not ImageDataViewType)
            throw Mismatch(column, role, ImageTypeName, TypeString(col));
    }

    public static void RequirePlane(SchemaShape shape, string column, string role = "input")
    {
        var col = Find(shape, column, role);
        if (col.Kind == SchemaShape.Column.VectorKind.Scalar || col.ItemType != NumberDataViewType.Single)
            throw Mismatch(column, role, PlaneTypeName, TypeString(col));
    }

    /// <summary>The column type of a Y-plane column.</summary>
    public static DataViewType PlaneType => new VectorDataViewType(NumberDataViewType.Single);

    /// <summary>
    /// <paramref name="input"/> with a column <paramref name="name"/> of the same type as column <paramref name="like"/>.
    /// SchemaShape's constructors are internal to ML.NET, so shapes are derived through public estimators.
    /// </summary>
    public static SchemaShape WithCopyOf(TransformsCatalog ml, SchemaShape input, string name, string like)
        => ml.CopyColumns(name, like).GetOutputSchema(input);

    /// <summary><paramref name="input"/> with a Y-plane column <paramref name="name"/>.</summary>
    public static SchemaShape WithPlane(TransformsCatalog ml, SchemaShape input, string name)
        => WithMappedColumn<NoInput, PlaneOutput>(ml, input, name, nameof(PlaneOutput.RedNetPlaneOut));

    /// <summary><paramref name="input"/> with an image column <paramref name="name"/>.</summary>
    public static SchemaShape WithImage(TransformsCatalog ml, SchemaShape input, string name)
        => WithMappedColumn<NoInput, ImageOutput>(ml, input, name, nameof(ImageOutput.RedNetImageOut));

    /// <summary><paramref name="input"/> with a Single column <paramref name="name"/>.</summary>
    public static SchemaShape WithSingle(TransformsCatalog ml, SchemaShape input, string name)
        => WithMappedColumn<NoInput, SingleOutput>(ml, input, name, nameof(SingleOutput.RedNetSingleOut));

    private static SchemaShape WithMappedColumn<TIn, TOut>(TransformsCatalog ml, SchemaShape input, string name, string member)
        where TIn : class, new() where TOut : class, new()
    {
        // A mapping with no inputs adds a column of TOut's member type; copy it to the wanted name and drop the original.
        var shape = ml.CustomMapping<TIn, TOut>((_, _) => { }, contractName: null).GetOutputSchema(input);
        shape = ml.CopyColumns(name, member).GetOutputSchema(shape);
        return name == member ? shape : ml.DropColumns(member).GetOutputSchema(shape);
    }

    private static string TypeString(SchemaShape.Column col) => col.Kind switch
    {
        SchemaShape.Column.VectorKind.Scalar => $"{col.ItemType}",
        SchemaShape.Column.VectorKind.Vector => $"Vector<{col.ItemType}>",
        _ => $"VarVector<{col.ItemType}>",
    };

    private static DataViewSchema.Column Find(DataViewSchema schema, string column, string role)
        => schema.GetColumnOrNull(column) ?? throw new ArgumentOutOfRangeException("inputSchema", $"Could not find {role} column '{column}'");

    private static SchemaShape.Column Find(SchemaShape shape, string column, string role)
        => shape.Any(c => c.Name == column) ? shape.Last(c => c.Name == column) : throw new ArgumentOutOfRangeException("inputSchema", $"Could not find {role} column '{column}'");

    private static ArgumentOutOfRangeException Mismatch(string column, string role, string expected, string actual)
        => new("inputSchema", $"Schema mismatch for {role} column '{column}': expected {expected}, got {actual}");
}
