using Microsoft.ML;
using Microsoft.ML.Data;

namespace RedNet.MLNet;

/// <summary>
/// Base of RedNet's transformers. ML.NET's save/load internals are not public, so each RedNet transformer is a thin named
/// front over a chain of ML.NET's own savable parts (column copies, CustomMapping contracts, OnnxTransformer holding the
/// model bytes). Transforming, schema propagation and saving all go to that chain, so a saved and reloaded pipeline runs
/// exactly the parts that ran before saving (it reloads as those ML.NET types).
/// </summary>
public abstract class ForwardingTransformer : ITransformer
{
    private protected ForwardingTransformer(ITransformer inner) => Inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The ML.NET transformer chain that does the work and is what gets saved.</summary>
    public ITransformer Inner { get; }

    public bool IsRowToRowMapper => Inner.IsRowToRowMapper;

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Inner.GetOutputSchema(inputSchema);

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => Inner.GetRowToRowMapper(inputSchema);

    /// <summary>Transforms lazily; an error while reading a row names that row (see <see cref="RowDataException"/>).</summary>
    public IDataView Transform(IDataView input) => RowContextDataView.Wrap(Inner.Transform(input));

    void ICanSaveModel.Save(ModelSaveContext ctx) => Inner.Save(ctx);
}

/// <summary>Fits ML.NET estimators one after another on the running data, collecting the fitted parts into a chain.</summary>
/// <remarks>Fitting step by step (rather than through an EstimatorChain) skips ML.NET's up-front SchemaShape check, which
/// rejects image columns in CustomMapping classes because it compares unknown-size image types by reference.</remarks>
internal sealed class FittedChain
{
    private readonly List<ITransformer> _parts = new();
    private IDataView _data;

    public FittedChain(IDataView input) => _data = input;

    public IDataView Data => _data;

    public FittedChain Add<T>(IEstimator<T> estimator) where T : class, ITransformer => Add(estimator.Fit(_data));

    public FittedChain Add(ITransformer transformer)
    {
        _parts.Add(transformer);
        _data = transformer.Transform(_data);
        return this;
    }

    public TransformerChain<ITransformer> Build() => new(_parts.ToArray());
}
