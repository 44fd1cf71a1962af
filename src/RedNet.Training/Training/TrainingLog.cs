using System.Globalization;
using System.Text;
using RedNet.MLNet;

namespace RedNet.Training.Training;

/// <summary>One row of the training log.</summary>
/// <remarks><see cref="ValidationPsnr"/> is the mean over the validation scales; <see cref="ValidationByScale"/> gives each
/// ("x2:36.1234;x3:32.0000"). Logs written before that column existed have 7 columns and read back with it null.</remarks>
public sealed record TrainingLogRow(int Iteration, double Loss, double LearningRate, double? ValidationPsnr, double? ValidationSsim,
    double ElapsedSeconds, double PatchesPerSecond, string? ValidationByScale = null);

/// <summary>
/// The run's CSV log (<c>log.csv</c>): one row every <c>LogEvery</c> iterations, plus validation rows. Rows are appended and
/// flushed as they come; on resume, rows after the checkpoint's iteration are dropped so the curve continues without a fork.
/// </summary>
public sealed class TrainingLog
{
    public const string FileName = "log.csv";
    private const string Header = "iteration,loss,lr,val_psnr,val_ssim,elapsed_s,patches_per_s,val_by_scale";
    private readonly string _path;

    public TrainingLog(string runDirectory) => _path = Path.Combine(runDirectory, FileName);

    /// <summary>Starts a new log, or keeps the rows up to <paramref name="keepThroughIteration"/> of an existing one.</summary>
    public void Open(int keepThroughIteration)
    {
        var kept = File.Exists(_path) ? Read(_path).Where(r => r.Iteration <= keepThroughIteration).ToList() : new List<TrainingLogRow>();
        var text = new StringBuilder(Header).Append('\n');
        foreach (var row in kept) text.Append(Format(row)).Append('\n');
        AtomicFile.WriteAllText(_path, text.ToString());
    }

    public void Append(TrainingLogRow row) => File.AppendAllText(_path, Format(row) + "\n");

    public IReadOnlyList<TrainingLogRow> ReadAll() => File.Exists(_path) ? Read(_path) : Array.Empty<TrainingLogRow>();

    public static IReadOnlyList<TrainingLogRow> Read(string path)
    {
        var rows = new List<TrainingLogRow>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            if (f.Length < 7 || !int.TryParse(f[0], CultureInfo.InvariantCulture, out int it)) continue; // a torn last line
            rows.Add(new TrainingLogRow(it, ParseOr(f[1]), ParseOr(f[2]), ParseNullable(f[3]), ParseNullable(f[4]), ParseOr(f[5]), ParseOr(f[6]),
                f.Length > 7 && f[7].Length > 0 ? f[7] : null));
        }
        return rows;
    }

    private static string Format(TrainingLogRow r) => string.Join(',',
        r.Iteration.ToString(CultureInfo.InvariantCulture),
        r.Loss.ToString("R", CultureInfo.InvariantCulture),
        r.LearningRate.ToString("R", CultureInfo.InvariantCulture),
        r.ValidationPsnr?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "",
        r.ValidationSsim?.ToString("0.000000", CultureInfo.InvariantCulture) ?? "",
        r.ElapsedSeconds.ToString("0.0", CultureInfo.InvariantCulture),
        r.PatchesPerSecond.ToString("0.00", CultureInfo.InvariantCulture),
        r.ValidationByScale ?? "");

    private static double ParseOr(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    private static double? ParseNullable(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
