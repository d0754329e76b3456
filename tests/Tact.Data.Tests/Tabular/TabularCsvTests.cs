using Tact.Data.Tabular;
using Tact.Data.Tests.Support;
using static TorchSharp.torch;

namespace Tact.Data.Tests.Tabular;

public class TabularCsvTests
{
    [Fact]
    public void Banknote_format_without_header_and_crlf_without_final_newline()
    {
        using var dir = new TempDir();
        var path = dir.Text("b.txt",
            "3.6216,8.6661,-2.8073,-0.44699,0\r\n4.5459,8.1674,-2.4586,-1.4621,0\r\n-2.5419,-0.65804,2.6842,1.1952,1");
        var data = TabularCsv.ReadBanknote(path);
        Assert.Equal([3L, 4], data.Features.shape);
        Assert.Equal(ScalarType.Float32, data.Features.dtype);
        Assert.Equal(new long[] { 0, 0, 1 }, data.Labels.data<long>().ToArray());
        Assert.Equal(-0.65804f, data.Features[2, 1].item<float>());
        Assert.Equal(["variance", "skewness", "curtosis", "entropy"], data.FeatureNames);
    }

    [Fact]
    public void Sklearn_count_header_gives_class_names()
    {
        using var dir = new TempDir();
        var path = dir.Text("iris.csv",
            "3,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n7.0,3.2,4.7,1.4,1\n6.3,3.3,6.0,2.5,2\n");
        var data = TabularCsv.ReadIris(path);
        Assert.Equal(["setosa", "versicolor", "virginica"], data.ClassNames);
        Assert.Equal([3L, 4], data.Features.shape);
        Assert.Equal(new long[] { 0, 1, 2 }, data.Labels.data<long>().ToArray());
        Assert.Equal(5.1f, data.Features[0, 0].item<float>());
    }

    [Fact]
    public void Sklearn_header_with_wrong_row_count_is_rejected()
    {
        using var dir = new TempDir();
        var path = dir.Text("iris.csv", "5,4,a,b\n1,2,3,4,0\n");
        var e = Assert.Throws<DataFormatException>(() => TabularCsv.Read(path));
        Assert.Contains("line 1", e.Message);
        Assert.Contains("announces 5 rows but the file holds 1", e.Message);
    }

    [Fact]
    public void Sklearn_label_beyond_class_names_is_rejected()
    {
        using var dir = new TempDir();
        var path = dir.Text("iris.csv", "1,2,a,b\n1,2,2\n");
        var e = Assert.Throws<DataFormatException>(() => TabularCsv.Read(path));
        Assert.Contains("line 2, column 3", e.Message);
        Assert.Contains("out of range 0..1", e.Message);
    }

    [Fact]
    public void Header_with_named_label_column_anywhere()
    {
        using var dir = new TempDir();
        var path = dir.Text("t.csv", "a,target,b\n1.5,2,-1\n2.5,0,1e2\n");
        var data = TabularCsv.Read(path, label: "target");
        Assert.Equal(["a", "b"], data.FeatureNames);
        Assert.Equal(new float[] { 1.5f, -1f, 2.5f, 100f }, data.Features.data<float>().ToArray());
        Assert.Equal(new long[] { 2, 0 }, data.Labels.data<long>().ToArray());
        Assert.Equal(["0", "1", "2"], data.ClassNames);
    }

    [Fact]
    public void Text_labels_become_sorted_classes()
    {
        using var dir = new TempDir();
        var path = dir.Text("t.csv", "x,species\n1,virginica\n2,setosa\n3,virginica\n");
        var data = TabularCsv.Read(path);
        Assert.Equal(["setosa", "virginica"], data.ClassNames);
        Assert.Equal(new long[] { 1, 0, 1 }, data.Labels.data<long>().ToArray());
    }

    [Fact]
    public void Unknown_label_column_lists_columns()
    {
        using var dir = new TempDir();
        var path = dir.Text("t.csv", "a,b\n1,0\n");
        var e = Assert.Throws<DataFormatException>(() => TabularCsv.Read(path, label: "y"));
        Assert.Contains("no column named 'y' (columns: a, b)", e.Message);
    }

    [Fact]
    public void Wrong_column_count_names_line()
    {
        using var dir = new TempDir();
        var path = dir.Text("t.csv", "1,2,0\n3,4,1\n5,0\n");
        var e = Assert.Throws<DataFormatException>(() => TabularCsv.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("line 3: 2 columns, expected 3", e.Message);
    }

    [Fact]
    public void Non_numeric_feature_names_line_and_column()
    {
        using var dir = new TempDir();
        var path = dir.Text("t.csv", "a,b,y\n1,2,0\n3,abc,1\n");
        var e = Assert.Throws<DataFormatException>(() => TabularCsv.Read(path));
        Assert.Contains("line 3, column 2 (b)", e.Message);
        Assert.Contains("'abc' is not a number", e.Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void Nan_or_inf_feature_is_rejected(string bad)
    {
        using var dir = new TempDir();
        var path = dir.Text("t.csv", $"1,2,0\n\n3,{bad},1\n");
        var e = Assert.Throws<DataFormatException>(() => TabularCsv.Read(path));
        Assert.Contains("line 3, column 2", e.Message);
        Assert.Contains("not finite", e.Message);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-1")]
    public void Label_that_is_not_a_whole_number_is_rejected(string bad)
    {
        using var dir = new TempDir();
        var path = dir.Text("t.csv", $"1,2,0\n3,4,{bad}\n");
        var e = Assert.Throws<DataFormatException>(() => TabularCsv.Read(path));
        Assert.Contains("line 2, column 3", e.Message);
        Assert.Contains("whole number", e.Message);
    }

    [Fact]
    public void Empty_file_is_rejected()
    {
        using var dir = new TempDir();
        var path = dir.Text("t.csv", "\n\n");
        Assert.Contains("no data", Assert.Throws<DataFormatException>(() => TabularCsv.Read(path)).Message);
    }
}
