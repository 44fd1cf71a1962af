using System.Text;

namespace RedNet.Cli.Batch;

/// <summary>
/// One line of CSV or TSV, RFC 4180 style: a field holding the separator, a quote or a line break is written in double quotes
/// with inner quotes doubled; that is also what ML.NET's text loader reads back with quoting on.
/// </summary>
public static class DelimitedText
{
    /// <summary>Splits <paramref name="line"/> into fields, honouring quoted fields and doubled quotes.</summary>
    public static List<string> Split(string line, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, fieldStarted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
                fieldStarted = false;
            }
            else if (c == '"' && !fieldStarted)
            {
                quoted = fieldStarted = true;
            }
            else
            {
                field.Append(c);
                fieldStarted = true;
            }
        }
        fields.Add(field.ToString());
        return fields;
    }

    /// <summary>
    /// The record that starts at <paramref name="lines"/>[<paramref name="start"/>]: that line, joined by "\n" with the next
    /// ones while a quoted field is open (an odd number of quotes so far: RFC 4180 keeps a line break inside quotes in the
    /// field). <paramref name="next"/> is the index of the line after the record.
    /// </summary>
    public static string Record(IReadOnlyList<string> lines, int start, out int next)
    {
        string record = lines[start];
        int quotes = record.Count(c => c == '"');
        for (next = start + 1; quotes % 2 == 1 && next < lines.Count; next++)
        {
            record += "\n" + lines[next];
            quotes += lines[next].Count(c => c == '"');
        }
        return record;
    }

    /// <summary>The lines of a file the batch wrote ("\n" endings; a "\r" is kept, since it may belong to a quoted field).</summary>
    public static string[] ReadLines(string path) => File.ReadAllText(path, Encoding.UTF8).Split('\n');

    /// <summary>Joins fields into one record, quoting those that need it (a field's line break stays, inside quotes).</summary>
    public static string Join(IEnumerable<string> fields, char separator)
        => string.Join(separator, fields.Select(f => Quote(f, separator)));

    /// <summary>The field as written: unchanged, or quoted when it holds the separator, a quote or a line break.</summary>
    public static string Quote(string field, char separator)
        => field.IndexOfAny(new[] { separator, '"', '\r', '\n' }) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
