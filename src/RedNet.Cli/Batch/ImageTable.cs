using Microsoft.ML;
using Microsoft.ML.Data;

namespace RedNet.Cli.Batch;

/// <summary>One data row of the table: its 0-based index, the image (and reference) cells as written, and how many cells it has.</summary>
/// <param name="Cells">The row's number of cells; a row whose count differs from the header's is ragged (<see cref="ImageTable.RaggedError"/>).</param>
public sealed record TableRow(long Index, string Image, string? Reference, int Cells);

/// <summary>
/// The batch's input table, read through ML.NET's text loader (header, separator, RFC 4180 quoting, a quoted cell may hold
/// line breaks) into an <see cref="IDataView"/>, with its columns looked up by header name. Relative paths in it are resolved
/// against <see cref="Folder"/>.
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

        var loaderColumns = new List<TextLoader.Column>
        {
            new("Image", DataKind.String, imageIndex),
            // Every cell of the row as a vector of the row's own length: its length is how ragged rows are found (the loader
            // itself fills missing cells with empty text and drops extra ones without a word).
            new("Cells", DataKind.String, new[] { new TextLoader.Range { Min = 0, Max = null, VariableEnd = true } }),
        };
        if (referenceIndex is int r) loaderColumns.Add(new TextLoader.Column("Reference", DataKind.String, r));
        var loader = mlContext.Data.CreateTextLoader(new TextLoader.Options
        {
            HasHeader = true,
            Separators = new[] { format.Separator },
            AllowQuoting = true,
            ReadMultilines = true, // RFC 4180: a line break inside a quoted cell belongs to the cell, not a new row
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

    /// <summary>
    /// The error of a row whose number of cells differs from the header's, or null when it has as many. Such a row is not
    /// run: a cell missing or added in front of the image column would send another column's text in as the image path.
    /// </summary>
    public string? RaggedError(TableRow row) => row.Cells == Columns.Count ? null
        : $"the row has {row.Cells} cell(s) but the header has {Columns.Count} ({string.Join(", ", Columns)}); not run";

    private static List<TableRow> ReadRows(IDataView data, bool hasReference)
    {
        var rows = new List<TableRow>();
        var image = data.Schema["Image"];
        var cells = data.Schema["Cells"];
        var reference = hasReference ? data.Schema["Reference"] : (DataViewSchema.Column?)null;
        using var cursor = data.GetRowCursor(reference is { } c ? new[] { image, cells, c } : new[] { image, cells });
        var getImage = cursor.GetGetter<ReadOnlyMemory<char>>(image);
        var getCells = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(cells);
        var getReference = reference is { } rc ? cursor.GetGetter<ReadOnlyMemory<char>>(rc) : null;
        ReadOnlyMemory<char> imageCell = default, referenceCell = default;
        VBuffer<ReadOnlyMemory<char>> allCells = default;
        while (cursor.MoveNext())
        {
            getImage(ref imageCell);
            getCells(ref allCells);
            getReference?.Invoke(ref referenceCell);
            rows.Add(new TableRow(cursor.Position, imageCell.ToString(), getReference is null ? null : referenceCell.ToString(), allCells.Length));
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
