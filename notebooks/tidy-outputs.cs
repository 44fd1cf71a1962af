// Run after saving executed notebooks: dotnet run notebooks/tidy-outputs.cs -- notebooks/*.ipynb
//
// dotnet-interactive updates its NuGet restore display in place (a spinner of dots while it restores); dotnet-repl writes
// every update as an output of its own, so a saved notebook would show the same "Restore sources / Installing Packages"
// box a hundred times. This keeps, of each run of such boxes in a cell, the last one: what VS Code or Jupyter shows.
using System.Text.Json;
using System.Text.Json.Nodes;

foreach (var path in args)
{
    var notebook = JsonNode.Parse(File.ReadAllText(path))!;
    int removed = 0;
    foreach (var cell in notebook["cells"]!.AsArray())
    {
        if (cell!["outputs"] is not JsonArray outputs) continue;
        for (int i = outputs.Count - 2; i >= 0; i--)
            if (IsRestoreDisplay(outputs[i]) && IsRestoreDisplay(outputs[i + 1]))
            {
                outputs.RemoveAt(i);
                removed++;
            }
    }
    // Written beside and renamed, so an interrupted run never leaves half a notebook.
    var partial = path + ".partial";
    File.WriteAllText(partial, notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 1, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    File.Move(partial, path, overwrite: true);
    Console.WriteLine($"{path}: {removed} restore progress output(s) removed");
}

static bool IsRestoreDisplay(JsonNode? output)
{
    if ((string?)output?["output_type"] != "display_data" || output["data"]?["text/html"] is not { } html) return false;
    var text = html is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)html ?? "";
    return text.StartsWith("<div><div>", StringComparison.Ordinal)
        && (text.Contains("<strong>Restore sources</strong>") || text.Contains("<strong>Installing Packages</strong>") || text.Contains("<strong>Installed Packages</strong>"));
}
