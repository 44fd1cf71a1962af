namespace RedNet.Notebooks.Tests;

/// <summary>The notebooks as committed, read without running anything (no packing, no dotnet-repl): their saved outputs,
/// their text against those outputs, and how they reference RedNet.</summary>
public class CommittedNotebookTests
{
    [Theory]
    [InlineData("01-quickstart.ipynb")]
    [InlineData("02-training.ipynb")]
    [InlineData("03-batch-scoring.ipynb")]
    public void Committed_notebook_carries_its_outputs(string name)
    {
        var notebook = ExecutedNotebook.Load(Path.Combine(NotebookRunner.NotebooksFolder, name));
        Assert.Empty(notebook.Errors);
        Assert.NotEmpty(notebook.Pngs);
        Assert.True(notebook.Outputs.Count >= 5, $"{name} has {notebook.Outputs.Count} outputs: run it and save the executed notebook (see the README)");
        var repeated = notebook.Outputs.GroupBy(o => o.Cell).Where(cell => cell.Count(o => o.Data.TryGetValue("text/html", out var html) && html.Contains("<strong>Restore sources</strong>")) > 1);
        Assert.True(!repeated.Any(), $"{name} keeps every step of NuGet's restore display: dotnet run notebooks/tidy-outputs.cs -- notebooks/{name}");
    }

    [Theory]
    [InlineData("01-quickstart.ipynb")]
    [InlineData("02-training.ipynb")]
    [InlineData("03-batch-scoring.ipynb")]
    public void Committed_notebook_text_names_the_figures_its_outputs_show(string name)
        => NotebookProse.Check(name, ExecutedNotebook.Load(Path.Combine(NotebookRunner.NotebooksFolder, name)));

    [Theory]
    [InlineData("01-quickstart.ipynb", "RedNet.MLNet")]
    [InlineData("02-training.ipynb", "RedNet.Training")]
    [InlineData("03-batch-scoring.ipynb", "RedNet.MLNet")]
    public void Notebook_references_the_package_of_the_repository_version_never_a_build(string name, string package)
    {
        var path = Path.Combine(NotebookRunner.NotebooksFolder, name);
        Assert.Equal(new[] { (package, RepositoryVersion.Value) }, NotebookRunner.RedNetReferences(path));
        var text = File.ReadAllText(path);
        Assert.DoesNotContain("notebook-lib", text);
        Assert.DoesNotContain("\"build\", \"src/", text);
        Assert.Contains(NotebookRunner.FeedExpression.Replace("\"", "\\\""), text);
    }
}
