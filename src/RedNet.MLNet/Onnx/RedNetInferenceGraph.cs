using Google.Protobuf;
using Onnx;
using RedNet.MLNet.Model;
using static RedNet.MLNet.Onnx.OnnxGraphBuilder;

namespace RedNet.MLNet.Onnx;

/// <summary>How <see cref="RedNetInferenceGraph"/> runs the network over an image.</summary>
/// <param name="TileSize">Side of the part of the output each tile produces; larger tiles are faster, smaller ones use less memory.</param>
/// <param name="TileOverlap">Extra input pixels around each tile. At least the receptive-field radius (one pixel per layer,
/// 2n for a net of n conv + n deconv layers) makes tiled output equal untiled output.</param>
/// <param name="SelfEnsemble">Average the outputs for the 8 flips/rotations of the input (the paper's self-ensemble; 8× the time).</param>
public sealed record InferenceGraphOptions(int TileSize, int TileOverlap, bool SelfEnsemble)
{
    /// <summary>Run the int8 (QDQ) network with these activation ranges; null runs fp32.</summary>
    public Quantization.Int8Calibration? Int8 { get; init; }

    public void Validate()
    {
        if (TileSize < 8) throw new ArgumentOutOfRangeException(nameof(TileSize), TileSize, "Tile size must be at least 8 pixels.");
        if (TileOverlap < 0) throw new ArgumentOutOfRangeException(nameof(TileOverlap), TileOverlap, "Tile overlap must not be negative.");
    }
}

/// <summary>
/// The ONNX graph ML.NET runs for ApplyRedNet. Input and output are Y-plane vectors (<c>[height, width, pixels…]</c>, see
/// <see cref="PlaneVector"/>) shaped [1, L]: one unknown dimension, as ML.NET's ApplyOnnxModel requires, with the image's shape
/// carried inside the vector. The image is processed tile by tile in a Loop: each tile is cut with <c>TileOverlap</c> extra
/// pixels on every side that has image there, run through the net (or its 8-way self-ensemble), trimmed back to its core
/// and emitted; the cores, stacked by the Loop, are laid out as the tile grid (a reshape and a transpose). Tiles never extend past the image, so at the image border the net sees the same zero padding
/// as an untiled run, and the network's memory stays bounded by the tile size whatever the image size; the graph's own buffers are a few
/// copies of the image, never one per tile.
/// </summary>
public static class RedNetInferenceGraph
{
    /// <summary>Builds the graph; <paramref name="inputName"/> and <paramref name="outputName"/> become ML.NET column names.</summary>
    public static byte[] Build(RedNetWeights weights, string inputName, string outputName, InferenceGraphOptions options, IReadOnlyDictionary<string, string>? metadata = null)
    {
        weights.Validate();
        options.Validate();
        if (inputName == outputName) throw new ArgumentException("The graph's input and output need different names.");
        var b = new OnnxGraphBuilder("rednet_tiled");
        b.AddInput(inputName, TensorProto.Types.DataType.Float, 1, "L");

        // Header → (H, W); pixels → [1,1,H,W].
        string header = b.Add("Slice", new[] { inputName, b.Int64s(0), b.Int64s(PlaneVector.HeaderLength), b.Int64s(1) });
        string hw = b.Add("Cast", new[] { b.Add("Reshape", new[] { header, b.Int64s(2) }) }, Attr.Int("to", (long)TensorProto.Types.DataType.Int64));
        string pixels = b.Add("Slice", new[] { inputName, b.Int64s(PlaneVector.HeaderLength), b.Int64s(long.MaxValue), b.Int64s(1) });
        string image = b.Add("Reshape", new[] { pixels, b.Add("Concat", new[] { b.Int64s(1, 1), hw }, Attr.Int("axis", 0)) });
        string height = b.Add("Gather", new[] { hw, b.Int64Scalar(0) }, Attr.Int("axis", 0));
        string width = b.Add("Gather", new[] { hw, b.Int64Scalar(1) }, Attr.Int("axis", 0));

        // Tile grid: ceil(H/T) × ceil(W/T) tiles, visited row by row.
        string tile = b.Int64Scalar(options.TileSize);
        string margin = b.Int64Scalar(options.TileOverlap);
        string one = b.Int64Scalar(1);
        string tilesDown = b.Add("Div", new[] { b.Add("Sub", new[] { b.Add("Add", new[] { height, tile }), one }), tile });
        string tilesAcross = b.Add("Div", new[] { b.Add("Sub", new[] { b.Add("Add", new[] { width, tile }), one }), tile });
        string tileCount = b.Add("Mul", new[] { tilesDown, tilesAcross });

        // Each iteration emits its tile's core padded to T×T; Loop stacks them to [tiles,1,1,T,T]. Laid out as the
        // [down, across] grid and transposed to [down·T, across·T], they are the image plus bottom/right padding, which is
        // cut off. Memory and traffic grow with the image only, not with tiles × image.
        var body = BuildTileBody(weights, options, image, height, width, tile, margin, tilesAcross);
        string cores = b.AddMulti("Loop", new[] { tileCount, "" }, 1, Attr.Graph("body", body))[0];
        string grid = b.Add("Reshape", new[] { cores, b.Add("Concat", new[]
        {
            Unsqueeze(b, tilesDown), Unsqueeze(b, tilesAcross), b.Int64s(options.TileSize, options.TileSize),
        }, Attr.Int("axis", 0)) });
        string rows = b.Add("Transpose", new[] { grid }, Attr.Ints("perm", 0, 2, 1, 3));
        string mosaic = b.Add("Reshape", new[] { rows, b.Add("Concat", new[]
        {
            b.Int64s(1, 1), Unsqueeze(b, b.Add("Mul", new[] { tilesDown, tile })), Unsqueeze(b, b.Add("Mul", new[] { tilesAcross, tile })),
        }, Attr.Int("axis", 0)) });
        string result = b.Add("Slice", new[] { mosaic, b.Int64s(0, 0), hw, b.Int64s(2, 3) });

        string flat = b.Add("Reshape", new[] { result, b.Int64s(1, -1) });
        b.AddNamed("Concat", new[] { header, flat }, outputName, Attr.Int("axis", 1));
        b.AddOutput(outputName, TensorProto.Types.DataType.Float, 1, "L");

        var model = RedNetOnnxWriter.NewModel(b.Graph, $"RED-Net {weights.Config.Name}, tiled ({options.TileSize}+{options.TileOverlap}), self-ensemble {options.SelfEnsemble}, {(options.Int8 is null ? "fp32" : "int8")}; Y-plane vectors in and out.");
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model.ToByteArray();
    }

    // The Loop body: iteration i → tile (i / across, i % across) → its core, padded at the bottom and right to T×T.
    private static GraphProto BuildTileBody(RedNetWeights weights, InferenceGraphOptions options, string image, string height,
        string width, string tile, string margin, string tilesAcross)
    {
        var b = new OnnxGraphBuilder("tile_body", "t_");
        // The weights live in the body, not in the outer graph: ONNX Runtime's NCHWc layout optimisation (its fast CPU
        // convolutions, 1.3–1.4× here) only rewrites a Conv whose weights are initializers of the Conv's own graph.
        var writer = NetLayerWriter.For(weights, options);
        writer.AddWeights(b, weights);
        const string iteration = "t_iteration", conditionIn = "t_condition_in";
        b.Graph.Input.Add(ValueInfo(iteration, TensorProto.Types.DataType.Int64));
        b.Graph.Input.Add(ValueInfo(conditionIn, TensorProto.Types.DataType.Bool));

        string zero = b.Int64Scalar(0);
        string row = b.Add("Div", new[] { iteration, tilesAcross });
        string col = b.Add("Mod", new[] { iteration, tilesAcross });
        string y0 = b.Add("Mul", new[] { row, tile });
        string x0 = b.Add("Mul", new[] { col, tile });
        string y1 = b.Add("Min", new[] { b.Add("Add", new[] { y0, tile }), height });
        string x1 = b.Add("Min", new[] { b.Add("Add", new[] { x0, tile }), width });
        string ys = b.Add("Max", new[] { b.Add("Sub", new[] { y0, margin }), zero });
        string xs = b.Add("Max", new[] { b.Add("Sub", new[] { x0, margin }), zero });
        string ye = b.Add("Min", new[] { b.Add("Add", new[] { y1, margin }), height });
        string xe = b.Add("Min", new[] { b.Add("Add", new[] { x1, margin }), width });

        string input = b.Add("Slice", new[] { image, Pair(b, ys, xs), Pair(b, ye, xe), b.Int64s(2, 3) });
        string output = options.SelfEnsemble ? AddSelfEnsemble(b, weights, input, writer) : RedNetOnnxWriter.AddNet(b, weights, input, writer);
        string core = b.Add("Slice", new[]
        {
            output,
            Pair(b, b.Add("Sub", new[] { y0, ys }), b.Add("Sub", new[] { x0, xs })),
            Pair(b, b.Add("Sub", new[] { y1, ys }), b.Add("Sub", new[] { x1, xs })),
            b.Int64s(2, 3),
        });
        // Only tiles of the last row or column are short of T; their padding is cut off after the Loop.
        string pads = b.Add("Concat", new[]
        {
            b.Int64s(0, 0, 0, 0, 0, 0),
            Unsqueeze(b, b.Add("Sub", new[] { b.Add("Add", new[] { y0, tile }), y1 })),
            Unsqueeze(b, b.Add("Sub", new[] { b.Add("Add", new[] { x0, tile }), x1 })),
        }, Attr.Int("axis", 0));
        const string conditionOut = "t_condition_out", coreOut = "t_core_out";
        b.AddNamed("Identity", new[] { conditionIn }, conditionOut);
        b.AddNamed("Pad", new[] { core, pads }, coreOut);
        b.Graph.Output.Add(ValueInfo(conditionOut, TensorProto.Types.DataType.Bool));
        b.Graph.Output.Add(ValueInfo(coreOut, TensorProto.Types.DataType.Float, 1, 1, options.TileSize, options.TileSize));
        return b.Graph;
    }

    // Mean of the net over the 8 symmetries of the square: optional transpose of H and W, optional flips of each axis.
    internal static string AddSelfEnsemble(OnnxGraphBuilder b, RedNetWeights weights, string input, NetLayerWriter writer)
    {
        string? sum = null;
        for (int k = 0; k < 8; k++)
        {
            bool flipW = (k & 1) != 0, flipH = (k & 2) != 0, transpose = (k & 4) != 0;
            string x = input;
            if (flipW) x = Flip(b, x, 3);
            if (flipH) x = Flip(b, x, 2);
            if (transpose) x = b.Add("Transpose", new[] { x }, Attr.Ints("perm", 0, 1, 3, 2));
            string y = RedNetOnnxWriter.AddNet(b, weights, x, writer);
            // Undo in reverse order (each step is its own inverse).
            if (transpose) y = b.Add("Transpose", new[] { y }, Attr.Ints("perm", 0, 1, 3, 2));
            if (flipH) y = Flip(b, y, 2);
            if (flipW) y = Flip(b, y, 3);
            sum = sum is null ? y : b.Add("Add", new[] { sum, y });
        }
        return b.Add("Mul", new[] { sum!, b.FloatScalar(0.125f) });
    }

    private static string Flip(OnnxGraphBuilder b, string x, long axis)
        => b.Add("Slice", new[] { x, b.Int64s(-1), b.Int64s(long.MinValue), b.Int64s(axis), b.Int64s(-1) });

    private static string Unsqueeze(OnnxGraphBuilder b, string scalar) => b.Add("Unsqueeze", new[] { scalar, b.Int64s(0) });

    private static string Pair(OnnxGraphBuilder b, string first, string second)
        => b.Add("Concat", new[] { Unsqueeze(b, first), Unsqueeze(b, second) }, Attr.Int("axis", 0));
}
