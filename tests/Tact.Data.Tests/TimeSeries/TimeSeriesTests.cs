using Tact.Data.Tests.Support;
using Tact.Data.TimeSeries;
using static TorchSharp.torch;

namespace Tact.Data.Tests.TimeSeries;

public class TimeSeriesTests
{
    [Fact]
    public void Synthetic_series_is_deterministic_per_seed()
    {
        using var a = SyntheticSeries.Generate(200, 3, seed: 5);
        using var b = SyntheticSeries.Generate(200, 3, seed: 5);
        using var c = SyntheticSeries.Generate(200, 3, seed: 6);
        Assert.Equal([200L, 3], a.shape);
        Assert.Equal(ScalarType.Float32, a.dtype);
        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
        Assert.NotEqual(a.data<float>().ToArray(), c.data<float>().ToArray());
        Assert.True(a.isfinite().all().item<bool>());
    }

    [Fact]
    public void Coupling_makes_a_variable_follow_its_neighbour()
    {
        // Without noise or coupling, v1 is its own seasonal; with coupling, part of v0's previous value enters it.
        using var free = SyntheticSeries.Generate(300, 2, seed: 1, noise: 0, coupling: 0);
        using var coupled = SyntheticSeries.Generate(300, 2, seed: 1, noise: 0, coupling: 0.5);
        using var diff = coupled.select(1, 1).sub(free.select(1, 1).mul(0.5));
        using var neighbour = coupled.select(1, 0).narrow(0, 0, 299).mul(0.5);
        Assert.True(diff.narrow(0, 1, 299).allclose(neighbour, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void Noise_has_the_requested_scale()
    {
        using var clean = SyntheticSeries.Generate(4000, 1, seed: 2, noise: 0);
        using var noisy = SyntheticSeries.Generate(4000, 1, seed: 2, noise: 0.2);
        var std = noisy.sub(clean).std().item<float>();
        Assert.InRange(std, 0.18, 0.22);
    }

    [Fact]
    public void Windows_hold_the_right_steps()
    {
        using var series = arange(20, dtype: float32).reshape(10, 2); // step t = [2t, 2t+1]
        var w = Windows.Make(series, window: 3, horizon: 2);
        Assert.Equal([6L, 3, 2], w.Inputs.shape);
        Assert.Equal([6L, 2, 2], w.Targets.shape);
        Assert.Equal(new float[] { 4, 5, 6, 7, 8, 9 }, w.Inputs[2].data<float>().ToArray());
        Assert.Equal(new float[] { 10, 11, 12, 13 }, w.Targets[2].data<float>().ToArray());
        Assert.Equal(new float[] { 18, 19 }, w.Targets[5, 1].data<float>().ToArray());
    }

    [Fact]
    public void Single_step_target_can_be_flat_and_stride_skips()
    {
        using var series = arange(10, dtype: float32).reshape(10, 1);
        var w = Windows.Make(series, window: 4, horizon: 1, stride: 3, squeezeSingleStep: true);
        Assert.Equal([2L, 4, 1], w.Inputs.shape);
        Assert.Equal([2L, 1], w.Targets.shape);
        Assert.Equal(new float[] { 4, 7 }, w.Targets.data<float>().ToArray());
    }

    [Fact]
    public void Too_short_series_and_bad_options_are_rejected()
    {
        using var series = zeros(5, 2);
        Assert.Contains("shorter than window 4 + horizon 2",
            Assert.Throws<ArgumentException>(() => Windows.Make(series, 4, 2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Windows.Make(series, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Windows.Make(series, 2, horizon: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticSeries.Generate(10, 2, 0, coupling: 1));
    }

    [Fact]
    public void Series_csv_drops_time_column_and_keeps_names()
    {
        using var dir = new TempDir();
        var path = dir.Text("s.csv", "date,load,temp\n2024-01-01,1.5,3\n2024-01-02,2.5,-4\n");
        var s = SeriesCsv.Read(path);
        Assert.Equal(["load", "temp"], s.Names);
        Assert.Equal(new float[] { 1.5f, 3, 2.5f, -4 }, s.Values.data<float>().ToArray());
    }

    [Fact]
    public void Series_csv_without_header_and_with_named_time_column()
    {
        using var dir = new TempDir();
        var plain = dir.Text("p.csv", "1,2\n3,4\n5,6\n");
        var s = SeriesCsv.Read(plain);
        Assert.Equal(["v1", "v2"], s.Names);
        Assert.Equal([3L, 2], s.Values.shape);
        var named = dir.Text("n.csv", "step,a\n0,1\n1,2\n");
        Assert.Equal(["a"], SeriesCsv.Read(named, timeColumn: "step").Names);
        Assert.Equal(["step", "a"], SeriesCsv.Read(named).Names);
    }

    [Fact]
    public void Series_csv_bad_values_name_line_and_column()
    {
        using var dir = new TempDir();
        var path = dir.Text("s.csv", "time,a,b\n0,1,2\n1,NaN,3\n");
        var e = Assert.Throws<DataFormatException>(() => SeriesCsv.Read(path));
        Assert.Contains("line 3, column 2 (a)", e.Message);
        var ragged = dir.Text("r.csv", "a,b\n1,2\n3\n");
        Assert.Contains("line 3: 1 columns, expected 2",
            Assert.Throws<DataFormatException>(() => SeriesCsv.Read(ragged)).Message);
    }
}
