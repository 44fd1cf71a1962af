using Microsoft.ML;
using Microsoft.ML.Data;

namespace RedNet.MLNet;

/// <summary>
/// Wraps a data view so that an error raised while reading a row (a corrupt or missing image in ML.NET's <c>LoadImages</c>,
/// an image our mapping cannot use) names the row and the row's text values that look like file names. ML.NET's own
/// messages ("Invalid input stream contents") say neither, which leaves a user with thousands of rows guessing.
/// </summary>
internal sealed class RowContextDataView : IDataView
{
    private readonly IDataView _inner;
    private readonly DataViewSchema.Column[] _context;

    private RowContextDataView(IDataView inner, DataViewSchema.Column[] context)
    {
        _inner = inner;
        _context = context;
    }

    public static IDataView Wrap(IDataView inner)
    {
        var context = inner.Schema.Where(c => !c.IsHidden && c.Type is TextDataViewType).ToArray();
        return new RowContextDataView(inner, context);
    }

    public bool CanShuffle => _inner.CanShuffle;
    public DataViewSchema Schema => _inner.Schema;
    public long? GetRowCount() => _inner.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new Cursor(_inner.GetRowCursor(columnsNeeded.Concat(_context).Distinct(), rand), _context);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => _inner.GetRowCursorSet(columnsNeeded.Concat(_context).Distinct(), n, rand).Select(c => (DataViewRowCursor)new Cursor(c, _context)).ToArray();

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly DataViewRowCursor _inner;
        private readonly DataViewSchema.Column[] _context;

        public Cursor(DataViewRowCursor inner, DataViewSchema.Column[] context)
        {
            _inner = inner;
            _context = context;
        }

        public override DataViewSchema Schema => _inner.Schema;
        public override long Position => _inner.Position;
        public override long Batch => _inner.Batch;
        public override bool MoveNext() => _inner.MoveNext();
        public override ValueGetter<DataViewRowId> GetIdGetter() => _inner.GetIdGetter();
        public override bool IsColumnActive(DataViewSchema.Column column) => _inner.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var getter = _inner.GetGetter<TValue>(column);
            return (ref TValue value) =>
            {
                try
                {
                    getter(ref value);
                }
                catch (Exception e) when (e is not RowDataException)
                {
                    throw new RowDataException($"Row {Position}{Describe()}: {e.Message}", e);
                }
            };
        }

        private string Describe()
        {
            var parts = new List<string>();
            foreach (var column in _context)
            {
                if (!_inner.IsColumnActive(column)) continue;
                try
                {
                    ReadOnlyMemory<char> text = default;
                    _inner.GetGetter<ReadOnlyMemory<char>>(column)(ref text);
                    parts.Add($"{column.Name} = '{text}'");
                }
                catch (Exception)
                {
                    // The context is a courtesy; never hide the real error behind a second one.
                }
            }
            return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>A row of a data view could not be read; the message names the row (0-based) and its file-name columns.</summary>
public sealed class RowDataException : InvalidOperationException
{
    public RowDataException(string message, Exception inner) : base(message, inner) { }
}
