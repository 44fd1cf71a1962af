using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using RedNet.MLNet;

namespace RedNet.Training.Training;

/// <summary>Draws the training curve (loss, log scale, left; validation PSNR, right) to a PNG next to the log.</summary>
public static class TrainingPlot
{
    public const string FileName = "curve.png";

    public static void Write(string path, IReadOnlyList<TrainingLogRow> rows, string title, double? bicubicPsnr = null)
    {
        var model = new PlotModel { Title = title, Background = OxyColors.White };
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.RightBottom });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "iteration" });
        model.Axes.Add(new LogarithmicAxis { Position = AxisPosition.Left, Title = "training loss (MSE, 0-1 scale)", Key = "loss" });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Right, Title = "validation PSNR (dB)", Key = "psnr" });
        var loss = new LineSeries { Title = "loss", YAxisKey = "loss", Color = OxyColors.SteelBlue, StrokeThickness = 1 };
        foreach (var r in rows.Where(r => r.Loss > 0 && double.IsFinite(r.Loss))) loss.Points.Add(new DataPoint(r.Iteration, r.Loss));
        var psnr = new LineSeries { Title = "validation PSNR", YAxisKey = "psnr", Color = OxyColors.OrangeRed, MarkerType = MarkerType.Circle, MarkerSize = 2 };
        foreach (var r in rows.Where(r => r.ValidationPsnr is not null)) psnr.Points.Add(new DataPoint(r.Iteration, r.ValidationPsnr!.Value));
        model.Series.Add(loss);
        model.Series.Add(psnr);
        if (bicubicPsnr is { } b && rows.Count > 0)
        {
            var baseline = new LineSeries { Title = $"bicubic {b:0.00} dB", YAxisKey = "psnr", Color = OxyColors.Gray, LineStyle = LineStyle.Dash };
            baseline.Points.Add(new DataPoint(rows[0].Iteration, b));
            baseline.Points.Add(new DataPoint(rows[^1].Iteration, b));
            model.Series.Add(baseline);
        }
        var buffer = new MemoryStream();
        new OxyPlot.SkiaSharp.PngExporter { Width = 1000, Height = 600 }.Export(model, buffer);
        AtomicFile.WriteAllBytes(path, buffer.ToArray());
    }
}
