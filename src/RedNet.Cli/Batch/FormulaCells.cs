namespace RedNet.Cli.Batch;

/// <summary>
/// CSV injection defence for the tables the batch writes (OWASP, "CSV Injection"): a spreadsheet runs a cell that starts
/// with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return as a formula, and table cells come from the
/// user's table and file names (<c>=HYPERLINK(…)</c> as an image path). Such a cell is written with a single quote in front,
/// which spreadsheets show as text. The quote is taken off again when the batch reads its own tables back, so a value
/// round-trips exactly: a cell that is quotes followed by such a character gets one more quote, so that a real leading
/// quote is never mistaken for the added one.
/// </summary>
public static class FormulaCells
{
    private const char Guard = '\'';

    /// <summary>The cell as written into a results table or journal.</summary>
    public static string Neutralise(string cell) => NeedsGuard(cell) ? Guard + cell : cell;

    /// <summary>The value of a cell that <see cref="Neutralise"/> wrote.</summary>
    public static string Restore(string cell) => cell.Length > 1 && cell[0] == Guard && NeedsGuard(cell[1..]) ? cell[1..] : cell;

    // Zero or more quotes, then a character a spreadsheet takes as the start of a formula.
    private static bool NeedsGuard(string cell)
    {
        int i = 0;
        while (i < cell.Length && cell[i] == Guard) i++;
        return i < cell.Length && cell[i] is '=' or '+' or '-' or '@' or '\t' or '\r';
    }
}
