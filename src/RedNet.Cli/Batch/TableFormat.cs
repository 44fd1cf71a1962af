namespace RedNet.Cli.Batch;

/// <summary>CSV or TSV: chosen by the file's extension, or, for any other extension, by sniffing its header line.</summary>
public sealed record TableFormat(char Separator)
{
    public static readonly TableFormat Csv = new(',');
    public static readonly TableFormat Tsv = new('\t');

    /// <summary>The extension tables of this format are written with (the results file matches the input's format).</summary>
    public string Extension => Separator == '\t' ? ".tsv" : ".csv";

    public string Name => Separator == '\t' ? "TSV" : "CSV";

    /// <summary>
    /// .csv is CSV and .tsv/.tab is TSV whatever they hold; otherwise a header line with a tab is TSV (a header of image
    /// paths and column names rarely holds a tab by accident, while commas are common in names), else CSV.
    /// </summary>
    public static TableFormat Detect(string path, string headerLine)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".csv": return Csv;
            case ".tsv" or ".tab": return Tsv;
        }
        return headerLine.Contains('\t') ? Tsv : Csv;
    }
}
