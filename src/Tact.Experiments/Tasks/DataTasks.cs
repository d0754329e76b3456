using Tact.Data;
using Tact.Data.Images;
using Tact.Data.Preparation;
using Tact.Data.Tabular;
using Tact.Data.TimeSeries;
using static TorchSharp.torch;

namespace Tact.Experiments.Tasks;

/// <summary>
/// Tasks that read data sets from files (and the synthetic forecasting task), as <see cref="Dataset"/>s.
/// </summary>
public static class DataTasks
{
    /// <summary>An IDX image set (MNIST, Fashion-MNIST, KMNIST): the upstream train/test split.</summary>
    public static Dataset Images(string task, string folder, TaskOptions options) =>
        Limit(IdxReader.LoadDirectory(Folder(task, options, folder, "the four IDX files"), task), options);

    /// <summary>CIFAR-10 binary batches: the upstream train/test split.</summary>
    public static Dataset Cifar10(TaskOptions options) =>
        Limit(Cifar10Reader.LoadDirectory(Folder("cifar10", options, "cifar10", "the CIFAR-10 binary batches")),
            options);

    /// <summary>SVHN cropped digits (MATLAB files): the upstream train/test split.</summary>
    public static Dataset Svhn(TaskOptions options) =>
        Limit(SvhnReader.LoadDirectory(Folder("svhn", options, "svhn", "train_32x32.mat and test_32x32.mat")), options);

    // The formats of several files read a directory: a file or an empty folder is named as such.
    private static string Folder(string task, TaskOptions options, string folder, string holds)
    {
        var dir = DataLocator.Find(task, options.DataDir, folder);
        if (File.Exists(dir)) throw new ConfigException($"{task}: --data '{dir}' is a file; {task} reads a directory " +
            $"holding {holds}");
        if (!Directory.EnumerateFileSystemEntries(dir).Any())
            throw new ConfigException($"{task}: data directory '{dir}' is empty; it should hold {holds}");
        return dir;
    }

    /// <summary>
    /// A small tabular set (banknote, Iris): a stratification-free random 80/20 train/test split from the seed,
    /// features standardised with the training split's mean and deviation.
    /// </summary>
    public static Dataset Tabular(string task, string fileName, Func<string, TabularData> read, TaskOptions options,
        long seed)
    {
        var location = DataLocator.Find(task, options.DataDir, task);
        var path = Directory.Exists(location) ? Path.Combine(location, fileName) : location;
        if (!File.Exists(path)) throw new ConfigException($"{task}: '{path}' not found");
        var table = read(path);
        var parts = Splitter.Split(table.ToSplit(), 0, 0.2, seed);
        var (scaled, fitted) = Standardizer.FitAndApply(parts);
        var scaling = FeatureScaling.Of(fitted, targets: false);
        fitted.Dispose();
        return new Dataset(task, TaskKind.Classification, scaled.Train, scaled.Test, table.ClassNames.Length)
        {
            Scaling = scaling,
            ClassNames = table.ClassNames,
        };
    }

    /// <summary>
    /// One-step-ahead forecasting of a multivariate series: windows of <see cref="TaskOptions.Window"/> steps predict
    /// the next value of every variable. The series is synthetic (coupled seasonal series with noise, from the seed)
    /// or read from a CSV given with <c>--data</c>. The first 80% of the windows train, the last 20% test
    /// (chronological, no leakage), each variable standardised with the training part's statistics.
    /// </summary>
    public static Dataset TimeSeries(TaskOptions options, long seed)
    {
        using var scope = NewDisposeScope();
        var series = options.DataDir is { } path
            ? SeriesCsv.Read(DataLocator.Find("timeseries", path, "timeseries")).Values
            : SyntheticSeries.Generate(options.SeriesLength, SyntheticVariables(options), seed);
        long cut = (long)(series.shape[0] * 0.8);
        using var fitted = Standardizer.Fit(series.narrow(0, 0, cut));
        var scaling = FeatureScaling.Of(fitted, targets: true);
        var scaled = fitted.Apply(series);
        var windows = Windows.Make(scaled, options.Window, horizon: 1, squeezeSingleStep: true);
        long trainCount = (long)(windows.Count * 0.8);
        var train = new Split(windows.Inputs.narrow(0, 0, trainCount).contiguous(),
            windows.Targets.narrow(0, 0, trainCount).contiguous());
        var test = new Split(windows.Inputs.narrow(0, trainCount, windows.Count - trainCount).contiguous(),
            windows.Targets.narrow(0, trainCount, windows.Count - trainCount).contiguous());
        foreach (var t in new[] { train.X, train.Y, test.X, test.Y }) t.MoveToOuterDisposeScope();
        return new Dataset("timeseries", TaskKind.Regression, train, test, (int)series.shape[1]) { Scaling = scaling };
    }

    /// <summary>
    /// Holds <paramref name="fraction"/> of the training split out as a validation split, chosen by a permutation drawn
    /// from <paramref name="seed"/> (the same seed always holds out the same samples). The result's tensors are new
    /// references or copies; dispose both data sets.
    /// </summary>
    public static Dataset WithValidation(Dataset data, double fraction, long seed)
    {
        if (fraction is <= 0 or >= 1 || !double.IsFinite(fraction))
            throw new ConfigException($"validation must be a fraction in (0, 1), got {fraction}");
        long n = data.Train.Count;
        long held = (long)Math.Round(n * fraction);
        if (held < 1 || held >= n)
            throw new ConfigException(
                $"validation {fraction} of {n} training samples leaves no validation or no training data");
        using var scope = NewDisposeScope();
        // Its own stream: the trainer's batch order is drawn from the plain seed.
        using var generator = new Generator(unchecked((ulong)seed) ^ 0x5eed_7a11d);
        var order = randperm(n, generator: generator);
        Split Take(long start, long count)
        {
            var index = order.narrow(0, start, count);
            return new Split(data.Train.X.index_select(0, index).MoveToOuterDisposeScope(),
                data.Train.Y.index_select(0, index).MoveToOuterDisposeScope());
        }
        var validation = Take(0, held);
        var train = Take(held, n - held);
        var test = new Split(data.Test.X.alias().MoveToOuterDisposeScope(),
            data.Test.Y.alias().MoveToOuterDisposeScope());
        return new Dataset(data.Name, data.Kind, train, test, data.Outputs, validation)
        {
            Scaling = data.Scaling,
            ClassNames = data.ClassNames,
        };
    }

    /// <summary>Variables of the synthetic series: <c>dims</c>, or 3 when dims is below 2.</summary>
    public static int SyntheticVariables(TaskOptions options) => options.Dims < 2 ? 3 : options.Dims;

    /// <summary>
    /// The reconstruction version of a data set, for autoencoders (its tensors are new references to the same data;
    /// dispose both): the target of every sample is its input, and the
    /// task is regression (so the loss is mse or sse and the metrics are reconstruction errors).
    /// </summary>
    public static Dataset Reconstruction(Dataset data) =>
        new(data.Name + " (reconstruction)", TaskKind.Regression, new Split(data.Train.X.alias(), data.Train.X.alias()),
            new Split(data.Test.X.alias(), data.Test.X.alias()), (int)data.InputShape.Aggregate(1L, (a, b) => a * b),
            data.Validation is { } v ? new Split(v.X.alias(), v.X.alias()) : null)
        {
            Scaling = data.Scaling,
        };

    private static Dataset Limit(Dataset data, TaskOptions options)
    {
        if (options.TrainCount is null && options.TestCount is null) return data;
        Split Take(Split s, int? n) =>
            n is int k && k < s.Count ? new Split(s.X.narrow(0, 0, k), s.Y.narrow(0, 0, k)) : s;
        return new Dataset(data.Name, data.Kind, Take(data.Train, options.TrainCount),
            Take(data.Test, options.TestCount),
            data.Outputs)
        {
            Scaling = data.Scaling,
            ClassNames = data.ClassNames,
        };
    }
}
