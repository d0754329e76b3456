using System.Diagnostics;
using Tact.Activations;
using Tact.Activations.Kernels;
using Tact.Activations.Registry;
using Tact.Models;
using static TorchSharp.torch;

namespace Tact.Experiments.Benchmarks;

/// <summary>One activation's forward+backward time on a tensor, beside ReLU's on the same tensor.</summary>
/// <param name="Spec">The activation spec.</param>
/// <param name="ReluMs">Median milliseconds of ReLU's forward and backward.</param>
/// <param name="ActivationMs">Median milliseconds of the activation's forward and backward, parameter gradients
/// included, as it runs by default (its fused kernel where it has one).</param>
/// <param name="ReferenceMs">The same with the composed-ops reference.</param>
/// <param name="Fused">Whether the module, with its options, runs a fused kernel (if not, both times measure the
/// same code).</param>
public sealed record KernelTiming(string Spec, double ReluMs, double ActivationMs, double ReferenceMs, bool Fused)
{
    /// <summary>Activation time over ReLU time.</summary>
    public double Ratio => ActivationMs / ReluMs;

    /// <summary>Reference time over activation time: the fused kernel's speed-up.</summary>
    public double Speedup => ReferenceMs / ActivationMs;
}

/// <summary>One model's training step (forward, loss, backward, Adam step) with an activation, beside ReLU's.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Spec">The activation spec.</param>
/// <param name="ReluMs">Median milliseconds of a step with ReLU.</param>
/// <param name="ActivationMs">Median milliseconds of a step with the activation.</param>
/// <param name="ReluGraphMb">Memory held by the forward graph of a step with ReLU at its peak (after the forward pass,
/// before backward), in MiB; null where it cannot be measured. See <see cref="PeakMemory"/>.</param>
/// <param name="ActivationGraphMb">The same with the activation.</param>
public sealed record StepTiming(string Model, string Spec, double ReluMs, double ActivationMs,
    double? ReluGraphMb = null,
    double? ActivationGraphMb = null)
{
    /// <summary>Activation step time over ReLU step time.</summary>
    public double Ratio => ActivationMs / ReluMs;

    /// <summary>Activation graph memory over ReLU's, when both were measured and ReLU's is at least 0.1 MiB.</summary>
    public double? GraphRatio => ReluGraphMb is >= 0.1 && ActivationGraphMb is double a ? a / ReluGraphMb : null;
}

/// <summary>
/// Measurements behind <c>tact bench</c>. Every activation is timed against ReLU in the same process, on the same
/// tensor,
/// interleaved repetition by repetition, and reported as a ratio of medians, because absolute times on a shared
/// machine drift while ratios measured side by side hold.
/// </summary>
public static class ActivationBench
{
    /// <summary>
    /// Each trainable family at <c>per=neuron</c> (where it has a granularity), with the sizes the targets name.
    /// </summary>
    public static IReadOnlyList<string> DefaultSpecs { get; } =
    [
        "vnn(per=neuron, basis=fourier, terms=8)", "vnn(per=neuron, basis=chebyshev, degree=5)",
        "vnn(per=neuron, basis=gaussian, centers=8)", "wsgaf(per=neuron)", "psigramp(per=neuron)",
        "pe2relu(per=neuron)",
        "pe2id(per=neuron)", "pe3relu(per=neuron)", "tmaf(per=neuron, grid=-5:5:0.1)", "tmaf3(per=neuron)",
        "adaact(per=neuron)",
    ];

    /// <summary>
    /// Median forward+backward times of ReLU and of <paramref name="spec"/> on one input of <paramref name="shape"/>.
    /// </summary>
    public static KernelTiming Kernel(string spec, long[] shape, int repeats, ActivationRegistry? registry = null)
    {
        registry ??= ActivationRegistry.Default;
        using var scope = NewDisposeScope();
        random.manual_seed(1);
        var x = randn(shape).requires_grad_();
        var grad = randn(shape);
        using var relu = nn.ReLU();
        using var module = registry.Create(spec, (int)shape[1]);
        double Time(nn.Module<Tensor, Tensor> m)
        {
            using var inner = NewDisposeScope();
            var watch = Stopwatch.StartNew();
            m.call(x).backward([grad]);
            double ms = watch.Elapsed.TotalMilliseconds;
            x.grad?.zero_();
            foreach (var p in m.parameters()) p.grad?.zero_();
            return ms;
        }
        double Reference()
        {
            bool before = FusedKernels.Enabled;
            FusedKernels.Enabled = false;
            try { return Time(module); }
            finally { FusedKernels.Enabled = before; }
        }
        Warm(() => Time(relu));
        Warm(() => Time(module));
        Warm(Reference);
        var (a, b, c) = Interleaved(repeats, () => Time(relu), () => Time(module), Reference);
        return new KernelTiming(spec, a, b, c, module.HasFusedKernel);
    }

    /// <summary>
    /// Median training-step times of <paramref name="model"/> (<c>mlp</c>: 784-256-256-10; <c>cnn-t2</c>: the WSGAF
    /// Table 2 CNN on 1x28x28) at <paramref name="batch"/>, with ReLU and with <paramref name="spec"/>.
    /// </summary>
    public static StepTiming TrainingStep(string model, string spec, int batch, int repeats)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(1);
        var x = randn(batch, 1, 28, 28);
        var y = randint(0, 10, [batch]);
        ModelRequest Request(string s) => new([1, 28, 28], 10, [256, 256], [s]);
        using var reluModel = ModelCatalog.Create(model, Request("relu"));
        using var other = ModelCatalog.Create(model, Request(spec));
        using var reluAdam = optim.Adam(reluModel.parameters());
        using var otherAdam = optim.Adam(other.parameters());
        double Step(nn.Module<Tensor, Tensor> m, optim.Optimizer adam)
        {
            using var inner = NewDisposeScope();
            var watch = Stopwatch.StartNew();
            adam.zero_grad();
            nn.functional.cross_entropy(m.call(x), y).backward();
            adam.step();
            ActivationConstraints.ProjectAll(m);
            return watch.Elapsed.TotalMilliseconds;
        }
        Warm(() => Step(reluModel, reluAdam));
        Warm(() => Step(other, otherAdam));
        var (a, b) = Interleaved(repeats, () => Step(reluModel, reluAdam), () => Step(other, otherAdam));
        return new StepTiming(model, spec, a, b, GraphMb(reluModel, x, y), GraphMb(other, x, y));
    }

    // What the forward pass of a step holds for backward: heap in use after forward and loss, minus before.
    // glibc's counters are process-wide, so other threads (the JIT's background compiler) add noise of the order
    // of 0.1 MiB either way; the median of several readings keeps a small graph's reading from turning negative.
    private static double? GraphMb(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
    {
        var readings = new double[GraphReadings];
        for (int i = 0; i < readings.Length; i++)
        {
            using var scope = NewDisposeScope();
            var before = PeakMemory.InUseMb();
            var loss = nn.functional.cross_entropy(model.call(x), y);
            var after = PeakMemory.InUseMb();
            loss.backward();
            if (before is not double b || after is not double a) return null;
            readings[i] = a - b;
        }
        return Median(readings);
    }

    private const int GraphReadings = 5;

    // Until the JIT has compiled the kernels' hot loops at full optimisation (tiered compilation starts them
    // unoptimised), for at least three calls and half a second, or one call that takes longer.
    // Tiered compilation replaces a method's first code only after it has run a while, so a count of calls alone
    // can leave unoptimised code in the timings (docs/performance.md).
    private static void Warm(Func<double> measure)
    {
        double total = 0;
        for (int i = 0; i < 2000 && (i < 3 || total < 500); i++) total += measure();
    }

    // Alternating the two measurements exposes both to the same machine state; medians ignore outliers.
    private static (double First, double Second) Interleaved(int repeats, Func<double> first, Func<double> second)
    {
        var (a, b, _) = Interleaved(repeats, first, second, () => 0);
        return (a, b);
    }

    private static (double First, double Second, double Third) Interleaved(int repeats, Func<double> first,
        Func<double> second,
        Func<double> third)
    {
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(repeats), repeats, "repeats must be >= 1");
        var a = new double[repeats];
        var b = new double[repeats];
        var c = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            a[i] = first();
            b[i] = second();
            c[i] = third();
        }
        return (Median(a), Median(b), Median(c));
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
