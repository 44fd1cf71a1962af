using Microsoft.ML;
using Microsoft.ML.Data;

namespace RedNet.MLNet.Tests.Transforms;

/// <summary>Helpers shared by the ML.NET pipeline tests: a table of fixture image paths and pixel access.</summary>
internal static class PipelineFixture
{
    public sealed class ImagePath
    {
        public string Path { get; set; } = "";
    }

    /// <summary>Three HR fixtures: colour 280x280, colour 276x276 and single-channel 512x512.</summary>
    public static string[] HrImages => new[]
    {
        System.IO.Path.Combine(TestPaths.Fixtures, "matlab-bicubic", "Set5", "x2", "HR", "img_004.png"),
        System.IO.Path.Combine(TestPaths.Fixtures, "matlab-bicubic", "Set14", "x3", "HR", "img_006.png"),
        System.IO.Path.Combine(TestPaths.Fixtures, "matlab-bicubic", "Set14", "x4", "HR", "img_003.png"),
    };

    public static IDataView Paths(MLContext ml, params string[] paths)
        => ml.Data.LoadFromEnumerable(paths.Select(p => new ImagePath { Path = p }).ToArray());

    /// <summary>The low-resolution images of the fixtures at <paramref name="scale"/>, as an "Image" column (plus "Label" = HR).</summary>
    public static IEstimator<ITransformer> LoadAndDownscale(MLContext ml, int scale)
        => ml.Transforms.LoadImages("Label", imageFolder: null, inputColumnName: "Path")
            .Append(ml.Transforms.DownscaleBicubic("Image", "Label", scale));

    public static List<byte[]> Pixels(IDataView data, string column)
    {
        var result = new List<byte[]>();
        using var cursor = data.GetRowCursor(new[] { data.Schema[column] });
        var getter = cursor.GetGetter<MLImage>(data.Schema[column]);
        MLImage image = null!;
        while (cursor.MoveNext())
        {
            getter(ref image);
            result.Add(image.ToRgbImage().Pixels);
        }
        return result;
    }

    public static List<float[]> Vectors(IDataView data, string column)
        => data.GetColumn<VBuffer<float>>(column).Select(v => v.DenseValues().ToArray()).ToList();
}
