using Microsoft.ML;
using Microsoft.ML.Data;

namespace RedNet.Cli.Batch;

/// <summary>One data row of the table: its 0-based index and the image (and reference) cells as written.</summary>
public sealed record TableRow(long Index, string Image, string? Reference);

/// <summary>
/// The batch's input table, read through ML.NET's text loader (header, separator, quoting) into an <see cref="IDataView"/>,
/// with its columns looked up by header name. Relative paths in it are resolved against <see cref="Folder"/>.
/// </summary>
public sealed class ImageTable
{
    private ImageTable(string path, TableFormat format, IReadOnlyList<string> columns, IReadOnlyList<TableRow> rows, int commentLines)
    {
        Path = path;
        Format = format;
        Columns = columns;
        Rows = rows;
        CommentLines = commentLines;
    }

    public string Path { get; }

    /// <summary>The folder relative image paths are resolved against: the table's own.</summary>
    public string Folder => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;

    public TableFormat Format { get; }

    /// <summary>The header's column names.</summary>
    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<TableRow> Rows { get; }

    /// <summary>
    /// Lines after the header that start with <c>//</c>: ML.NET's text loader reads them as comments, so they are not rows
    /// (nor are empty lines). Worth a warning, since a path such as <c>//server/share/a.png</c> would vanish silently.
    /// </summary>
    public int CommentLines { get; }

    /// <summary>The full path of a table cell: absolute paths as they are, relative ones from the table's folder.</summary>
    public string Resolve(string cell) => System.IO.Path.GetFullPath(System.IO.Path.Combine(Folder, cell));

    /// <summary>Loads the table; throws <see cref="BatchSetupException"/> naming the file and what is wrong.</summary>
    public static ImageTable Load(MLContext mlContext, string path, string imageColumn, string? referenceColumn)
    {
        if (Directory.Exists(path)) throw new BatchSetupException($"'{path}' is a folder; --table needs a CSV or TSV file.");
        if (!File.Exists(path)) throw new BatchSetupException($"'{path}': no such table file.");
        string header = ReadHeaderLine(path);
        var format = TableFormat.Detect(path, header);
        var columns = DelimitedText.Split(header, format.Separator).Select(c => c.Trim()).ToList();
        int imageIndex = ColumnIndex(path, format, columns, imageColumn, "--image-column");
        int? referenceIndex = referenceColumn is null ? null : ColumnIndex(path, format, columns, referenceColumn, "--reference-column");

        var loaderColumns = new List<TextLoader.Column> { new("Image", DataKind.String, imageIndex) };
        if (referenceIndex is int r) loaderColumns.Add(new TextLoader.Column("Reference", DataKind.String, r));
        var loader = mlContext.Data.CreateTextLoader(new TextLoader.Options
        {
            HasHeader = true,
            Separators = new[] { format.Separator },
            AllowQuoting = true,
            TrimWhitespace = false,
            Columns = loaderColumns.ToArray(),
        });
        try
        {
            var rows = ReadRows(loader.Load(path), referenceIndex is not null);
            return new ImageTable(path, format, columns, rows, File.ReadLines(path).Skip(1).Count(l => l.StartsWith("//", StringComparison.Ordinal)));
        }
        catch (Exception e) when (e is not BatchSetupException)
        {
            throw new BatchSetupException($"'{path}': cannot be read as a {format.Name} table ({e.Message}).", e);
        }
    }

    private static List<TableRow> ReadRows(IDataView data, bool hasReference)
    {
        var rows = new List<TableRow>();
        var image = data.Schema["Image"];
        var reference = hasReference ? data.Schema["Reference"] : (DataViewSchema.Column?)null;
        using var cursor = data.GetRowCursor(reference is { } c ? new[] { image, c } : new[] { image });
        var getImage = cursor.GetGetter<ReadOnlyMemory<char>>(image);
        var getReference = reference is { } rc ? cursor.GetGetter<ReadOnlyMemory<char>>(rc) : null;
        ReadOnlyMemory<char> imageCell = default, referenceCell = default;
        while (cursor.MoveNext())
        {
            getImage(ref imageCell);
            getReference?.Invoke(ref referenceCell);
            rows.Add(new TableRow(cursor.Position, imageCell.ToString(), getReference is null ? null : referenceCell.ToString()));
        }
        return rows;
    }

    private static string ReadHeaderLine(string path)
    {
        try
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            string? line = reader.ReadLine();
            if (string.IsNullOrWhiteSpace(line)) throw new BatchSetupException($"'{path}': the table is empty; its first line must name the columns.");
            return line;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BatchSetupException($"'{path}': cannot be read ({e.Message}).", e);
        }
    }

    private static int ColumnIndex(string path, TableFormat format, List<string> columns, string name, string option)
    {
        int index = columns.IndexOf(name);
        if (index >= 0) return index;
        string available = string.Join(", ", columns.Select(c => $"'{c}'"));
        throw new BatchSetupException($"'{path}' ({format.Name}) has no column '{name}' ({option}); its columns are {available}.");
    }
}
