using System.Text.Json;
using System.Text.RegularExpressions;

namespace RedNet.Notebooks.Tests;

/// <summary>The outputs of an executed .ipynb file, by cell.</summary>
internal sealed class ExecutedNotebook
{
    public sealed record Output(int Cell, string Type, IReadOnlyDictionary<string, string> Data, string Text);

    private ExecutedNotebook(IReadOnlyList<Output> outputs, IReadOnlyList<string> markdown)
    {
        Outputs = outputs;
        Markdown = markdown;
    }

    public static ExecutedNotebook Empty { get; } = new(Array.Empty<Output>(), Array.Empty<string>());

    public IReadOnlyList<Output> Outputs { get; }

    /// <summary>The text of every markdown cell, in order.</summary>
    public IReadOnlyList<string> Markdown { get; }

    /// <summary>All the markdown, lines joined with spaces (a sentence may be wrapped anywhere).</summary>
    public string Prose => string.Join(" ", Markdown).Replace('\n', ' ');

    /// <summary>Error outputs (a failed cell), as "cell N: message".</summary>
    public IEnumerable<string> Errors => Outputs.Where(o => o.Type == "error").Select(o => $"cell {o.Cell}: {o.Text}");

    /// <summary>The decoded bytes of every image/png output.</summary>
    public IEnumerable<byte[]> Pngs => Outputs.Where(o => o.Data.ContainsKey("image/png")).Select(o => Convert.FromBase64String(o.Data["image/png"]));

    public IEnumerable<string> Html => Outputs.Where(o => o.Data.ContainsKey("text/html")).Select(o => o.Data["text/html"]);

    /// <summary>Tables that dotnet-interactive also wrote as CSV (from <c>ToTabularDataResource()</c>), split into rows and fields.</summary>
    public IEnumerable<string[][]> CsvTables => Outputs.Where(o => o.Data.ContainsKey("text/csv"))
        .Select(o => o.Data["text/csv"].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => Regex.Split(line, ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)").Select(f => f.Trim('"')).ToArray()).ToArray());

    /// <summary>The HTML tables whose header has every one of <paramref name="columns"/>, as rows of cell texts (tags stripped).</summary>
    public IEnumerable<string[][]> HtmlTables(params string[] columns)
    {
        foreach (var html in Html)
            foreach (Match table in Regex.Matches(html, "<table.*?</table>", RegexOptions.Singleline))
            {
                var rows = Regex.Matches(table.Value, "<tr>(.*?)</tr>", RegexOptions.Singleline)
                    .Select(r => Regex.Matches(r.Groups[1].Value, "<t[hd]>(.*?)</t[hd]>", RegexOptions.Singleline)
                        .Select(c => System.Net.WebUtility.HtmlDecode(Regex.Replace(c.Groups[1].Value, "<.*?>", "")).Trim()).ToArray())
                    .ToArray();
                if (rows.Length > 0 && columns.All(rows[0].Contains)) yield return rows;
            }
    }

    public string Stdout => string.Concat(Outputs.Where(o => o.Type == "stream").Select(o => o.Text));

    public static ExecutedNotebook Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var outputs = new List<Output>();
        var markdown = new List<string>();
        int cellIndex = 0;
        foreach (var cell in document.RootElement.GetProperty("cells").EnumerateArray())
        {
            cellIndex++;
            if (cell.GetProperty("cell_type").GetString() == "markdown") markdown.Add(Joined(cell.GetProperty("source")));
            if (cell.GetProperty("cell_type").GetString() != "code") continue;
            if (!cell.TryGetProperty("outputs", out var cellOutputs)) continue;
            foreach (var output in cellOutputs.EnumerateArray())
            {
                var data = new Dictionary<string, string>();
                if (output.TryGetProperty("data", out var d))
                    foreach (var mime in d.EnumerateObject()) data[mime.Name] = Joined(mime.Value);
                string text = output.TryGetProperty("text", out var t) ? Joined(t)
                    : output.TryGetProperty("evalue", out var e) ? e.GetString() ?? "" : "";
                outputs.Add(new Output(cellIndex, output.GetProperty("output_type").GetString() ?? "", data, text));
            }
        }
        return new ExecutedNotebook(outputs, markdown);
    }

    // ipynb stores multi-line strings either whole or as an array of lines.
    private static string Joined(JsonElement value) => value.ValueKind == JsonValueKind.Array
        ? string.Concat(value.EnumerateArray().Select(l => l.GetString()))
        : value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
}
