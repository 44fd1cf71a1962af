using RedNet.Cli.Batch;

namespace RedNet.Cli.Tests;

/// <summary>
/// Issue 14, finding 13: what the batch reads from a table and writes into results.csv — formula-like cells neutralised
/// (CSV injection), a quoted cell with a line break read as one cell (RFC 4180), ragged rows reported as errors (exit 1).
/// </summary>
public class BatchTableHygieneTests
{
    [Theory]
    [InlineData("=1+1.png", "'=1+1.png")]
    [InlineData("+plus.png", "'+plus.png")]
    [InlineData("-minus.png", "'-minus.png")]
    [InlineData("@sum.png", "'@sum.png")]
    [InlineData("\ttab.png", "'\ttab.png")]
    [InlineData("\rcr.png", "'\rcr.png")]
    [InlineData("'=quoted.png", "''=quoted.png")]
    [InlineData("''@two.png", "'''@two.png")]
    [InlineData("'/path/x.png': no such file.", "'/path/x.png': no such file.")]
    [InlineData("plain.png", "plain.png")]
    [InlineData("a=b.png", "a=b.png")]
    [InlineData("'", "'")]
    [InlineData("", "")]
    public void Formula_like_cells_get_a_leading_quote_that_reading_takes_off(string value, string written)
    {
        Assert.Equal(written, FormulaCells.Neutralise(value));
        Assert.Equal(value, FormulaCells.Restore(FormulaCells.Neutralise(value)));
    }

    [Fact]
    public void A_results_table_with_formula_cells_and_line_breaks_reads_back_as_written()
    {
        var dir = TestPaths.NewTempDirectory();
        string path = Path.Combine(dir, "results.csv");
        var rows = new[]
        {
            new BatchRowResult(0, "=HYPERLINK(\"http://example.com\").png", "000000_HYPERLINK_x2.png", 8, 6, BatchRowStatus.Ok, "", null, null, 3),
            new BatchRowResult(1, "two\nlines.png", "", null, null, BatchRowStatus.Error, "'two\nlines.png': no such file.", null, null, 0),
            new BatchRowResult(2, "'@x.png", "", null, null, BatchRowStatus.Error, "-", null, null, 1),
        };
        ResultsFile.Write(path, TableFormat.Csv, rows);

        string text = File.ReadAllText(path);
        Assert.Contains("\n0,\"'=HYPERLINK(\"\"http://example.com\"\").png\",", text); // quoted: it holds quotes
        Assert.Contains(",error,'-,", text);
        Assert.Equal(rows.Select(r => r with { Error = r.Error.ReplaceLineEndings(" ") }), ResultsFile.Read(path, TableFormat.Csv));
    }

    [Fact]
    public void A_batch_neutralises_formula_cells_reads_a_multiline_cell_as_one_row_and_fails_ragged_rows()
    {
        var dir = TestPaths.NewTempDirectory();
        string[] names = { "=1+1.png", "@sum.png", "two\nlines.png", "plain.png" };
        foreach (var (name, i) in names.Select((n, i) => (n, i))) TestImages.Write(Path.Combine(dir, name), 10, 8, seed: i);
        File.WriteAllText(Path.Combine(dir, "t.csv"),
            "image,note\n" +
            "=1+1.png,a\n" +
            "@sum.png,b\n" +
            "\"two\nlines.png\",\"a note\non two lines\"\n" +
            "lonely.png\n" +                 // one cell for two columns
            "plain.png,c,extra\n" +          // three cells
            "plain.png,d\n");
        string output = Path.Combine(dir, "out");

        var result = CliRunner.Run("batch", "--table", Path.Combine(dir, "t.csv"), "--image-column", "image", "--out", output);

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\n{result.Stderr}");
        Assert.Contains("error: row 3: the row has 1 cell(s) but the header has 2 (image, note); not run", result.Stderr);
        Assert.Contains("error: row 4: the row has 3 cell(s) but the header has 2 (image, note); not run", result.Stderr);
        var results = ResultsTable.Read(Path.Combine(output, "results.csv"));
        Assert.Equal(6, results.Rows.Count);
        Assert.Equal(new[] { "ok", "ok", "ok", "error", "error", "ok" }, results.Rows.Select(r => results.Get(r, "status")));
        Assert.Equal(new[] { "'=1+1.png", "'@sum.png", "two\nlines.png", "lonely.png", "plain.png", "plain.png" }, results.Rows.Select(r => results.Get(r, "input")));
        Assert.Equal("000002_two_lines_x2.png", results.Get(results.Rows[2], "output"));
        Assert.True(File.Exists(Path.Combine(output, "000000_1_1_x2.png")));

        // The journal holds the same neutralised, multi-line cells and reads them back exactly: a resume keeps every ok row.
        var resumed = CliRunner.Run("batch", "--table", Path.Combine(dir, "t.csv"), "--image-column", "image", "--out", output, "--resume");
        Assert.True(resumed.ExitCode == 1, $"exit {resumed.ExitCode}\n{resumed.Stderr}");
        Assert.Contains("(4 kept from the previous run)", resumed.Stdout);
    }
}
