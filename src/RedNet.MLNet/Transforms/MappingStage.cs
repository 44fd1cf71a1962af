using Microsoft.ML;

namespace RedNet.MLNet;

/// <summary>
/// Fits one CustomMapping stage: the user's columns are copied into the mapping's fixed member columns, the mapping runs,
/// its output is copied to the user's output column, and the fixed columns are dropped. ML.NET saves only a CustomMapping's
/// contract name (not its column names), so the copies are what keeps user column names across save and load.
/// </summary>
internal static class MappingStage
{
    public static ITransformer Fit<TIn, TOut>(TransformsCatalog catalog, IDataView input, Action<TIn, TOut> map, string contractName,
        IReadOnlyList<(string Member, string Column)> inputs, string outputMember, string outputColumn)
        where TIn : class, new() where TOut : class, new()
    {
        RedNetRegistration.RegisterTypes();
        var chain = new FittedChain(input);
        foreach (var (member, column) in inputs)
            chain.Add(catalog.CopyColumns(member, column));
        chain.Add(catalog.CustomMapping(map, contractName));
        chain.Add(catalog.CopyColumns(outputColumn, outputMember));
        var temporary = inputs.Select(i => i.Member).Append(outputMember).Where(m => m != outputColumn).Distinct().ToArray();
        chain.Add(catalog.DropColumns(temporary));
        return chain.Build();
    }
}
