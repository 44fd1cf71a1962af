using Google.Protobuf;
using Onnx;

namespace RedNet.MLNet.Onnx;

/// <summary>
/// Small helper over the ONNX protobuf types (OnnxSharp) for writing graphs node by node: fresh value names, typed
/// attributes, initializers and inputs/outputs with symbolic dimensions. Works for main graphs and for subgraphs (Loop
/// bodies), which may use values of the enclosing graph by name.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly string _prefix;
    private int _counter;

    public OnnxGraphBuilder(string name, string prefix = "")
    {
        Graph = new GraphProto { Name = name };
        _prefix = prefix;
    }

    public GraphProto Graph { get; }

    /// <summary>A value name not used before in this builder (the prefix keeps subgraph names apart from the outer graph's).</summary>
    public string Fresh(string hint) => $"{_prefix}{hint}_{_counter++}";

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Add(string opType, IEnumerable<string> inputs, params AttributeProto[] attributes)
        => AddMulti(opType, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs and returns their names.</summary>
    public string[] AddMulti(string opType, IEnumerable<string> inputs, int outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = Fresh(opType) };
        node.Input.AddRange(inputs);
        var names = Enumerable.Range(0, outputs).Select(_ => Fresh(opType.ToLowerInvariant())).ToArray();
        node.Output.AddRange(names);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return names;
    }

    /// <summary>Adds a node whose single output gets the given name (graph outputs need fixed names).</summary>
    public void AddNamed(string opType, IEnumerable<string> inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = Fresh(opType) };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
    }

    /// <summary>An int64 constant (a Constant node, so it also works inside subgraphs).</summary>
    public string Int64s(params long[] values)
    {
        var tensor = new TensorProto { DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        return Add("Constant", Array.Empty<string>(), Attr.Tensor("value", tensor));
    }

    /// <summary>A scalar int64 constant (rank 0).</summary>
    public string Int64Scalar(long value)
    {
        var tensor = new TensorProto { DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Int64Data.Add(value);
        return Add("Constant", Array.Empty<string>(), Attr.Tensor("value", tensor));
    }

    /// <summary>A scalar float constant (rank 0).</summary>
    public string FloatScalar(float value)
    {
        var tensor = new TensorProto { DataType = (int)TensorProto.Types.DataType.Float };
        tensor.FloatData.Add(value);
        return Add("Constant", Array.Empty<string>(), Attr.Tensor("value", tensor));
    }

    /// <summary>A bool scalar constant.</summary>
    public string BoolScalar(bool value)
    {
        var tensor = new TensorProto { DataType = (int)TensorProto.Types.DataType.Bool };
        tensor.Int32Data.Add(value ? 1 : 0);
        return Add("Constant", Array.Empty<string>(), Attr.Tensor("value", tensor));
    }

    /// <summary>Adds a float initializer stored as raw little-endian bytes.</summary>
    public void FloatInitializer(string name, float[] data, params long[] dims) => RawInitializer(name, TensorProto.Types.DataType.Float, data, dims);

    /// <summary>Adds an initializer of <paramref name="type"/> (float, int8, uint8, int32: the element type of <typeparamref name="T"/>) stored as raw little-endian bytes.</summary>
    public void RawInitializer<T>(string name, TensorProto.Types.DataType type, T[] data, params long[] dims) where T : unmanaged
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type };
        tensor.Dims.AddRange(dims);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw data is little-endian.");
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        Graph.Initializer.Add(tensor);
    }

    public void AddInput(string name, TensorProto.Types.DataType type, params object[] dims) => Graph.Input.Add(ValueInfo(name, type, dims));

    public void AddOutput(string name, TensorProto.Types.DataType type, params object[] dims) => Graph.Output.Add(ValueInfo(name, type, dims));

    /// <summary>A typed value description; each dimension is a number (fixed) or a string (symbolic), or null (unknown).</summary>
    public static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, params object?[]? dims)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)type };
        if (dims is not null)
        {
            tensorType.Shape = new TensorShapeProto();
            foreach (var d in dims)
            {
                var dim = new TensorShapeProto.Types.Dimension();
                switch (d)
                {
                    case int i: dim.DimValue = i; break;
                    case long l: dim.DimValue = l; break;
                    case string s: dim.DimParam = s; break;
                    case null: break;
                    default: throw new ArgumentException($"Dimension {d} must be a number or a name.");
                }
                tensorType.Shape.Dim.Add(dim);
            }
        }
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }

    /// <summary>Attribute factories.</summary>
    public static class Attr
    {
        public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

        public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

        public static AttributeProto Ints(string name, params long[] values)
        {
            var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
            a.Ints.AddRange(values);
            return a;
        }

        public static AttributeProto String(string name, string value)
            => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

        public static AttributeProto Tensor(string name, TensorProto value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value };

        public static AttributeProto Graph(string name, GraphProto value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Graph, G = value };
    }
}
