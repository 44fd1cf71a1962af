using System.Text;
using RedNet.Cli.Batch;

namespace RedNet.Cli.Tests;

/// <summary>
/// A generated batch table for the tests: good rows with awkward names (spaces, unicode, quotes, ';', ',', '..', sub-folders,
/// JPEG/BMP, an absolute path outside the table's folder) and, every <c>badEvery</c>-th row, a bad one of each kind the
/// batch must report (missing, truncated, zero bytes, not an image, traversal, absolute paths outside, a folder, an
/// unsupported format, over --max-pixels, an empty cell). Layout: Root/work/table/ (table and images), Root/outside/, Root/out/.
/// </summary>
internal sealed class BatchTable
{
    /// <summary>--max-pixels the tests pass: above every good image (at most 48x48), below the "too large" ones (64x64).</summary>
    public const long MaxPixels = 3000;

    /// <param name="Width">Input width of a good row (0 for bad rows).</param>
    /// <param name="ExpectedError">A part of the error a bad row must report (null for good rows).</param>
    public sealed record Row(int Index, string Cell, int Width, int Height, string? ExpectedError, bool Skipped = false)
    {
        public bool Good => ExpectedError is null && !Skipped;
    }

    private BatchTable(string root) => Root = root;

    public string Root { get; }
    public string TableFolder => Path.Combine(Root, "work", "table");
    public string TablePath => Path.Combine(TableFolder, "images.csv");
    public string Outside => Path.Combine(Root, "outside");
    public string Out => Path.Combine(Root, "out");
    public List<Row> Rows { get; } = new();

    /// <summary>The command line of a batch over this table into <paramref name="outFolder"/> (default <see cref="Out"/>).</summary>
    public string[] BatchArgs(string? outFolder = null, params string[] extra)
        => new[] { "batch", "--table", TablePath, "--image-column", "image", "--out", outFolder ?? Out, "--max-pixels", MaxPixels.ToString() }
            .Concat(extra).ToArray();

    /// <param name="cleanShard">A shard to keep free of failing rows (a bad row that would fall into it is made a good one),
    /// so that its worker has nothing to fail.</param>
    public static BatchTable Create(int rowCount, int badEvery, int minSide = 24, int maxSide = 36, ShardSpec? cleanShard = null)
    {
        var table = new BatchTable(TestPaths.NewTempDirectory());
        Directory.CreateDirectory(table.TableFolder);
        Directory.CreateDirectory(table.Outside);
        var random = new Random(rowCount * 31 + badEvery);
        int bad = 0;
        for (int i = 0; i < rowCount; i++)
        {
            var row = i % badEvery == badEvery - 1 ? table.BadRow(i, bad++) : null;
            if (row is null || (row.ExpectedError is not null && cleanShard is { } clean && clean.Contains(row.Cell)))
                row = table.GoodRow(i, random.Next(minSide, maxSide + 1), random.Next(minSide, maxSide + 1));
            table.Rows.Add(row);
        }
        var csv = new StringBuilder("id,image,note\n");
        foreach (var row in table.Rows) csv.Append($"r{row.Index},{Quote(row.Cell)},{Quote($"note; \"{row.Index}\"")}\n");
        File.WriteAllText(table.TablePath, csv.ToString());
        return table;
    }

    private Row GoodRow(int i, int width, int height)
    {
        string cell = (i % 12) switch
        {
            0 => $"plain{i}.png",
            1 => $"with space {i}.png",
            2 => $"ünïcødé-日本-{i}.png",
            3 => $"quote'{i}.png",
            4 => $"semi;colon{i}.png",
            5 => $"comma,{i}.png",
            6 => $"dq\"{i}\".png",
            7 => $"sub/dir/{i}.jpg",
            8 => $"..{i}.bmp",
            9 => $"a..b..{i}.png",
            10 => Path.Combine(Outside, $"outside {i}.png"), // absolute, outside the table's folder: read, but written into --out
            _ => $"sub/../rel{i}.png",
        };
        TestImages.Write(Resolve(cell), width, height, seed: i);
        return new Row(i, cell, width, height, null);
    }

    private Row BadRow(int i, int k)
    {
        switch (k % 12)
        {
            case 0: return new Row(i, $"missing{i}.png", 0, 0, "no such file");
            case 1:
                var png = File.ReadAllBytes(Resolve(Rows.First(r => r.Good && r.Cell.EndsWith(".png")).Cell));
                File.WriteAllBytes(Resolve($"trunc{i}.png"), png[..(png.Length / 3)]);
                return new Row(i, $"trunc{i}.png", 0, 0, "truncated");
            case 2:
                File.WriteAllBytes(Resolve($"zero{i}.png"), Array.Empty<byte>());
                return new Row(i, $"zero{i}.png", 0, 0, "empty");
            case 3:
                File.WriteAllText(Resolve($"text{i}.png"), "this is not an image");
                return new Row(i, $"text{i}.png", 0, 0, "not a readable image");
            case 4: return new Row(i, "../../etc/x.png", 0, 0, "no such file");
            case 5: return new Row(i, $"../../../../../../../../../../etc/rednet-{i}.png", 0, 0, "no such file");
            case 6:
                File.WriteAllText(Path.Combine(Outside, $"secret{i}.txt"), "outside, not an image");
                return new Row(i, Path.Combine(Outside, $"secret{i}.txt"), 0, 0, "not a readable image");
            case 7: return new Row(i, $"/nonexistent-rednet-{Guid.NewGuid():N}/x{i}.png", 0, 0, "no such file");
            case 8:
                Directory.CreateDirectory(Resolve($"folder{i}.png"));
                return new Row(i, $"folder{i}.png", 0, 0, "is a folder");
            case 9:
                File.WriteAllBytes(Resolve($"icon{i}.ico"), TestImages.Icon(32));
                return new Row(i, $"icon{i}.ico", 0, 0, "unsupported image format");
            case 10:
                TestImages.Write(Resolve($"big{i}.png"), 64, 64, seed: i);
                return new Row(i, $"big{i}.png", 0, 0, "--max-pixels");
            default:
                return k % 24 == 11
                    ? new Row(i, "", 0, 0, null, Skipped: true)
                    : new Row(i, $"bad \"quoted\"; name {i}.png", 0, 0, "no such file");
        }
    }

    public string Resolve(string cell) => Path.GetFullPath(Path.Combine(TableFolder, cell));

    private static string Quote(string field) => field.IndexOfAny(new[] { ',', '"' }) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}

/// <summary>A results table read back: header and rows of fields.</summary>
internal sealed record ResultsTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    public static ResultsTable Read(string path, char separator = ',')
    {
        var lines = DelimitedText.ReadLines(path);
        var rows = new List<IReadOnlyList<string>>();
        for (int i = 1, next; i < lines.Length; i = next)
            if (DelimitedText.Record(lines, i, out next) is { Length: > 0 } record) rows.Add(DelimitedText.Split(record, separator));
        return new ResultsTable(DelimitedText.Split(lines[0], separator), rows);
    }

    public string Get(IReadOnlyList<string> row, string column) => row[Header.ToList().IndexOf(column)];

    /// <summary>Every row as one string without the timing column, in row order: what must match between equivalent runs.</summary>
    public IReadOnlyList<string> WithoutTiming()
    {
        int ms = Header.ToList().IndexOf("ms");
        return Rows.Select(r => string.Join('\u241f', r.Where((_, i) => i != ms))).ToList();
    }
}
