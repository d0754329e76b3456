using Tact.Experiments.Grid;
using Tact.Experiments.Tasks;
using Tact.TestFixtures;
using Xunit.Abstractions;

namespace Tact.Cli.Tests;

/// <summary>
/// Every experiment file in <c>experiments/</c> runs at <c>--scale smoke</c> and gives a report. A data set found on
/// this machine (TACT_DATA, a shared/data folder, Debian's Fashion-MNIST) is used as it is; one that is not (always
/// CIFAR-10 and SVHN here) is replaced by a small file set the test writes in the upstream format, and the test
/// says so.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public class ShippedExperimentsTests(ITestOutputHelper output)
{
    private static readonly string ExperimentsDir = FindExperiments();

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(ExperimentsDir, "*.yaml").Order()) data.Add(Path.GetFileName(file));
        return data;
    }

    [Fact]
    public void EveryPapersExperimentIsShipped()
    {
        var names = Directory.GetFiles(ExperimentsDir, "*.yaml").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        string[] expected =
        [
            "quickstart", "vnn-mnist", "vnn-sine", "wsgaf-mnist", "wsgaf-fashion-mnist", "wsgaf-cifar10",
            "flexible-lstm", "flexible-cae1-mnist", "flexible-cae2-mnist", "flexible-cae1-fashion-mnist",
            "flexible-cae2-fashion-mnist", "flexible-cae3-cifar10", "flexible-cae3-svhn", "tmaf-sine",
            "tmaf-oscillatory", "tmaf-oscillatory-literal", "tmaf-mnist", "tmaf-resnet18-cifar10", "adaact-banknote",
            "adaact-iris", "adaact-mnist",
        ];
        Assert.Equal([], expected.Where(e => !names.Contains(e)).ToArray());
    }

    [Fact]
    public void TheReducedConfigurationsBehindDocsResultsAreValid()
    {
        var dir = Path.Combine(ExperimentsDir, "..", "docs", "results");
        var files = Directory.GetFiles(dir, "*.yaml");
        Assert.NotEmpty(files);
        foreach (var file in files) Assert.NotEmpty(ExperimentFile.Load(file).Cells);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void RunsAtSmokeScaleAndReports(string file)
    {
        var path = Path.Combine(ExperimentsDir, file);
        var spec = ExperimentFile.Load(path);
        Assert.False(string.IsNullOrWhiteSpace(spec.Description), $"{file} has no description");
        var dataRoot = DataOrFixture(spec.Task);
        var previous = Environment.GetEnvironmentVariable("TACT_DATA");
        try
        {
            if (dataRoot is not null) Environment.SetEnvironmentVariable("TACT_DATA", dataRoot);
            var dir = CliRunner.TempDir();
            var (code, _, err) = CliRunner.Run("run", path, "--scale", "smoke", "--out", dir);
            Assert.True(code == 0, $"{file}: exit {code}: {err}");
            var (reportCode, _, reportErr) = CliRunner.Run("report", dir);
            Assert.True(reportCode == 0, $"{file}: report exit {reportCode}: {reportErr}");
            Assert.Contains(spec.Name, File.ReadAllText(Path.Combine(dir, "report.md")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("TACT_DATA", previous);
        }
    }

    /// <summary>
    /// Null when the task needs no files or they are found; else a TACT_DATA root holding a generated fixture.
    /// </summary>
    private string? DataOrFixture(string task)
    {
        string? folder = task switch
        {
            "mnist" or "fashion-mnist" or "kmnist" or "cifar10" or "svhn" or "banknote" or "iris" => task,
            _ => null,
        };
        if (folder is null) return null;
        try
        {
            output.WriteLine($"{task}: real data at {DataLocator.Find(task, null, folder)}");
            return null;
        }
        catch (Experiments.ConfigException)
        {
        }
        var root = CliRunner.TempDir();
        var dir = Path.Combine(root, folder);
        switch (task)
        {
            case "cifar10":
                Directory.CreateDirectory(dir);
                Fixtures.CifarDirectory(dir, perBatch: 60);
                break;
            case "svhn":
                Fixtures.SvhnDirectory(dir, train: 300, test: 100);
                break;
            case "banknote":
                Directory.CreateDirectory(dir);
                File.WriteAllLines(Path.Combine(dir, "data_banknote_authentication.txt"),
                    Enumerable.Range(0, 100).Select(i => $"{i % 7 - 3},{i % 5},{i % 3 - 1},{i % 11 * 0.1},{i % 2}"));
                break;
            case "iris":
                Directory.CreateDirectory(dir);
                File.WriteAllLines(Path.Combine(dir, "iris.csv"),
                    ["150,4,setosa,versicolor,virginica", .. Enumerable.Range(0, 150)
                        .Select(i => $"{5 + i % 7 * 0.1},{3 + i % 5 * 0.1},{1 + i % 3},{i % 4 * 0.5},{i % 3}")]);
                break;
            default:
                Fixtures.Mnist28Directory(dir, train: 1000, test: 500);
                break;
        }
        output.WriteLine($"{task}: not found on this machine; ran on a generated fixture in the upstream format");
        return root;
    }

    private static string FindExperiments()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "experiments", "quickstart.yaml")))
                return Path.Combine(dir.FullName, "experiments");
        throw new InvalidOperationException("experiments/ not found above the test's output folder");
    }
}

/// <summary>Tests that change process-wide environment variables run alone, never beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "process environment";
}
