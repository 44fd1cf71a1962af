using Microsoft.ML;
using Microsoft.ML.Data;
using RedNet.MLNet.Imaging;

namespace RedNet.MLNet.Tests.Transforms;

/// <summary>Issue 14: LoadImagesChecked refuses bombs, FIFOs and truncated files in a pipeline, naming the row and the file.</summary>
public class CheckedImageLoaderTests
{
    private static string Fixture => PipelineFixture.HrImages[0];

    /// <summary>Each row's image of column "Image", or the error reading it raised.</summary>
    internal static List<(MLImage? Image, Exception? Error)> Load(MLContext ml, IDataView data, IEstimator<ITransformer> loader)
    {
        var output = loader.Fit(data).Transform(data);
        var rows = new List<(MLImage?, Exception?)>();
        using var cursor = output.GetRowCursor(new[] { output.Schema["Image"] });
        var getter = cursor.GetGetter<MLImage>(output.Schema["Image"]);
        while (cursor.MoveNext())
        {
            MLImage image = null!;
            try
            {
                getter(ref image);
                rows.Add((image, null));
            }
            catch (Exception e)
            {
                rows.Add((null, e));
            }
        }
        return rows;
    }

    [SkippableFact]
    public void Bad_files_are_row_errors_naming_the_file_and_good_ones_load_as_LoadImages_loads_them()
    {
        var dir = TestPaths.NewTempDirectory();
        string bomb = Path.Combine(dir, "bomb.png"), cut = Path.Combine(dir, "cut.png"), fifo = Path.Combine(dir, "fifo.png");
        File.WriteAllBytes(bomb, BadFiles.PngBomb());
        BadFiles.WriteTruncated(Fixture, cut);
        bool haveFifo = BadFiles.TryMakeFifo(fifo);
        var ml = new MLContext(1);
        var paths = new List<string> { Fixture, bomb, cut };
        if (haveFifo) paths.Add(fifo);
        var data = PipelineFixture.Paths(ml, paths.ToArray());

        var rows = Task.Run(() => Load(ml, data, ml.Transforms.LoadImagesChecked("Image", "Path"))).WaitAsync(TimeSpan.FromSeconds(60)).Result;

        Assert.Equal(paths.Count, rows.Count);
        var expected = ImageCodec.Decode(Fixture);
        Assert.Null(rows[0].Error);
        Assert.Equal(expected.Pixels, rows[0].Image!.ToRgbImage().Pixels);
        Assert.Equal(Fixture, rows[0].Image!.Tag);
        var bombError = Assert.IsType<RowDataException>(rows[1].Error);
        Assert.StartsWith("Row 1", bombError.Message);
        Assert.Contains($"'{bomb}': 65535x65535 is 4,294,836,225 pixels, more than the pixel limit (40,000,000); not decoded.", bombError.Message);
        Assert.Contains($"'{cut}': the image data is truncated", Assert.IsType<RowDataException>(rows[2].Error).Message);
        if (haveFifo) Assert.Contains($"'{fifo}' is a FIFO", Assert.IsType<RowDataException>(rows[3].Error).Message);
        Skip.IfNot(haveFifo, "no mkfifo here: the FIFO row was not tried");
    }

    [Fact]
    public void The_limit_is_an_option_and_a_saved_pipeline_reloads_with_the_process_wide_limit()
    {
        var ml = new MLContext(1);
        var data = PipelineFixture.Paths(ml, Fixture);
        var tight = Load(ml, data, ml.Transforms.LoadImagesChecked("Image", "Path", maxPixels: 1000));
        Assert.Contains("280x280 is 78,400 pixels, more than the pixel limit (1,000)", tight[0].Error!.Message);

        var model = ml.Transforms.LoadImagesChecked("Image", "Path").Append(ml.Transforms.RedNetUpscale()).Fit(data);
        string zip = Path.Combine(TestPaths.NewTempDirectory(), "p.zip");
        ml.Model.Save(model, data.Schema, zip);
        var loaded = ml.RedNet().LoadModel(zip, out _, out _);
        Assert.Equal(PipelineFixture.Pixels(model.Transform(data), "Upscaled"), PipelineFixture.Pixels(loaded.Transform(data), "Upscaled"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.LoadImagesChecked("Image", "Path", maxPixels: 0));
    }
}
