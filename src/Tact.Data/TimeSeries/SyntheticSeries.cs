using static TorchSharp.torch;

namespace Tact.Data.TimeSeries;

/// <summary>
/// Several coupled seasonal series with noise, for testing forecasters: each variable has its own period, phase
/// and trend (its own signal, weighted 1 - |coupling|); every variable is also pulled by the previous value of the
/// one before it (weight coupling, a ring),
/// so the series are not independent and a multivariate model can beat per-series models.
/// </summary>
public static class SyntheticSeries
{
    /// <summary>A float32 [length, variables] series drawn from <paramref name="seed"/>.</summary>
    /// <param name="length">Number of time steps (&gt;= 2).</param>
    /// <param name="variables">Number of variables (&gt;= 1).</param>
    /// <param name="seed">Seed of the periods, phases and noise.</param>
    /// <param name="noise">Standard deviation of the added Gaussian noise.</param>
    /// <param name="coupling">Weight of the neighbour's previous value in each variable (0 = independent).</param>
    public static Tensor Generate(int length, int variables, long seed, double noise = 0.1, double coupling = 0.3)
    {
        if (length < 2) throw new ArgumentOutOfRangeException(nameof(length), length, "series length must be >= 2");
        if (variables < 1)
            throw new ArgumentOutOfRangeException(nameof(variables), variables, "variables must be >= 1");
        if (noise < 0 || !double.IsFinite(noise))
            throw new ArgumentOutOfRangeException(nameof(noise), noise, "noise must be a finite number >= 0");
        if (Math.Abs(coupling) >= 1)
            throw new ArgumentOutOfRangeException(nameof(coupling), coupling,
                "coupling must be in (-1, 1) for a stable series");
        var random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        var period = new double[variables];
        var phase = new double[variables];
        var amplitude = new double[variables];
        var trend = new double[variables];
        for (var v = 0; v < variables; v++)
        {
            period[v] = 12 + 36 * random.NextDouble();
            phase[v] = 2 * Math.PI * random.NextDouble();
            amplitude[v] = 0.5 + random.NextDouble();
            trend[v] = 0.002 * (random.NextDouble() - 0.5);
        }
        var values = new float[length * variables];
        var previous = new double[variables];
        var current = new double[variables];
        for (var t = 0; t < length; t++)
        {
            for (var v = 0; v < variables; v++)
            {
                var seasonal = amplitude[v] * Math.Sin(2 * Math.PI * t / period[v] + phase[v])
                    + 0.3 * amplitude[v] * Math.Sin(4 * Math.PI * t / period[v]);
                var neighbour = variables > 1 ? previous[(v + variables - 1) % variables] : 0;
                current[v] = (1 - Math.Abs(coupling)) * (seasonal + trend[v] * t) + coupling * neighbour +
                    noise * Gaussian(random);
                values[t * variables + v] = (float)current[v];
            }
            (previous, current) = (current, previous);
        }
        return tensor(values, [length, variables]);
    }

    private static double Gaussian(Random random)
    {
        // Box-Muller; 1 - u keeps the logarithm finite.
        var u = 1 - random.NextDouble();
        var w = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * w);
    }
}
