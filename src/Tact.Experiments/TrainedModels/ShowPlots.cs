using ScottPlot;

namespace Tact.Experiments.TrainedModels;

/// <summary>The figure of <c>tact show SPEC</c>: one activation's initial shape.</summary>
internal static class ShowPlots
{
    /// <summary>Draws f(z) over <paramref name="grid"/> and saves it as PNG through a temporary file.</summary>
    public static void Shape(string path, string title, double[] grid, double[] values)
    {
        var plot = new Plot();
        var line = plot.Add.Scatter(grid, values);
        line.MarkerSize = 0;
        line.LineWidth = 2.5f;
        line.Color = Colors.Black;
        plot.Add.HorizontalLine(0, 1, Colors.Gray, LinePattern.Dotted);
        plot.Add.VerticalLine(0, 1, Colors.Gray, LinePattern.Dotted);
        plot.Title($"{title} (initial shape)");
        plot.XLabel("z");
        plot.YLabel("f(z)");
        var temp = path + ".tmp.png";
        plot.SavePng(temp, 700, 450);
        File.Move(temp, path, overwrite: true);
    }
}
