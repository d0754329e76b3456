namespace Tact.Data.Fetch;

/// <summary>One file of a data set: where it comes from and the checksum it must have.</summary>
/// <param name="FileName">Name of the downloaded file.</param>
/// <param name="Url">Upstream address.</param>
/// <param name="Checksum"><c>sha256:HEX</c> or <c>md5:HEX</c> (where upstream publishes only an md5).</param>
/// <param name="ExtractTarGz">Extract the files of this .tar.gz archive (flattened) into the target directory.</param>
public sealed record DataFile(string FileName, string Url, string Checksum, bool ExtractTarGz = false);

/// <summary>A data set <c>tact data fetch</c> can download.</summary>
/// <param name="Name">Name used on the command line.</param>
/// <param name="Description">What it is, where it comes from, its licence.</param>
/// <param name="Files">The files to download.</param>
public sealed record DataSource(string Name, string Description, IReadOnlyList<DataFile> Files)
{
    /// <summary>The data sets tact knows, with upstream addresses and the checksums upstream publishes.</summary>
    public static IReadOnlyList<DataSource> Known { get; } =
    [
        Idx("mnist", "MNIST handwritten digits (LeCun, Cortes, Burges), via the mirror torchvision uses",
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "sha256:440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            "sha256:3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            "sha256:8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            "sha256:f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
        Idx("fashion-mnist",
            "Fashion-MNIST (Zalando Research, MIT licence); on Debian also: apt-get install dataset-fashion-mnist",
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
            "md5:8d4fb7e6c68d591d4c3dfef9ec88bf0d", "md5:25c81989df183df01b3e8a0aad5dffbe",
            "md5:bef4ecab320f06d8554ea6380940ec79", "md5:bb300cfdad3c16e7a12a480ee83cd310"),
        Idx("kmnist", "Kuzushiji-MNIST (ROIS-DS CODH, CC BY-SA 4.0)",
            "http://codh.rois.ac.jp/kmnist/dataset/kmnist/",
            "md5:bdb82020997e1d708af4cf47b453dcf7", "md5:e144d726b3acfaa3e44228e80efcd344",
            "md5:5c965bf0a639b31b8f53240b1b52f4d7", "md5:7320c461ea6c1c855c0b718fb2a4b134"),
        new("cifar10", "CIFAR-10 binary version (Krizhevsky 2009); the archive is extracted into the directory",
            [new("cifar-10-binary.tar.gz", "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",
                "md5:c32a1d4ab5d03f1284b67883e8d87530", ExtractTarGz: true)]),
        new("svhn", "SVHN cropped digits (Netzer et al. 2011), MATLAB v5 files",
            [new("train_32x32.mat", "http://ufldl.stanford.edu/housenumbers/train_32x32.mat",
                "md5:e26dedcc434d2e4c54c9b2d4a06d8373"),
             new("test_32x32.mat", "http://ufldl.stanford.edu/housenumbers/test_32x32.mat",
                 "md5:eb5a983be6a315427106f1b164d9cef3")]),
        new("banknote", "banknote authentication (UCI 267, CC BY 4.0)",
            [new("data_banknote_authentication.txt",
                "https://archive.ics.uci.edu/ml/machine-learning-databases/00267/data_banknote_authentication.txt",
                "sha256:d0539aaed2139ba7a587b3e34fb345ce503ff7d5d33dbf9912d8e195ce425cb9")]),
        new("iris", "Iris (Fisher 1936) as shipped in scikit-learn (BSD-3-Clause)",
            [new("iris.csv",
                "https://raw.githubusercontent.com/scikit-learn/scikit-learn/1.2.1/sklearn/datasets/data/iris.csv",
                "sha256:f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449")]),
    ];

    /// <summary>The known source of that name; throws <see cref="ArgumentException"/> listing the known ones.</summary>
    public static DataSource Find(string name) =>
        Known.FirstOrDefault(s => s.Name == name.ToLowerInvariant())
        ?? throw new ArgumentException(
            $"unknown data set '{name}'; known: {string.Join(", ", Known.Select(s => s.Name))}");

    private static DataSource Idx(string name, string description, string baseUrl, params string[] checksums)
    {
        string[] files = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz"];
        return new(name, description, files.Select((f, i) => new DataFile(f, baseUrl + f, checksums[i])).ToList());
    }
}
