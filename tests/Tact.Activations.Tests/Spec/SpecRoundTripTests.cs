using System.Globalization;
using Tact.Activations.Registry;
using TorchSharp;
using static TorchSharp.torch;

namespace Tact.Activations.Tests.Spec;

/// <summary>
/// Property: for every family and granularity, over random options, a module rebuilt from its <c>Spec</c> and loaded
/// with the original's parameters computes the same function, and has the same spec. Also for modules built in code.
/// </summary>
public class SpecRoundTripTests
{
    private const int Features = 5;
    private const int Cases = 24;

    public static TheoryData<string> Families() =>
        new(ActivationRegistry.Default.Families.Select(f => f.Name));

    [Theory]
    [MemberData(nameof(Families))]
    public void SpecsFromRandomOptionsRebuildTheSameModule(string family)
    {
        var random = new Random(family.Sum(c => c));
        for (int i = 0; i < Cases; i++)
        {
            string spec = RandomSpec(family, random);
            using var module = Activations.Create(spec, Features);
            AssertRebuilds(module, $"from '{spec}'");
        }
    }

    [Fact]
    public void ModulesBuiltInCodeDescribeThemselves()
    {
        ActivationModule[] built =
        [
            Activations.Tmaf(Features, breakpoints: [-1, 0, 1]),
            Activations.Tmaf(Features, Granularity.Layer, [-2, -0.5, 0.25, 3], TmafInit.Leaky, 0.2, true, 0.05),
            Activations.TriDiagonalTmaf(Features, breakpoints: [-1.5, -1, -0.5, 0, 0.5], init: TmafInit.Zero),
            Activations.Vnn(Features, Granularity.Neuron, new GaussianBasis(5, -2, 1.5, 0.7), VnnInit.Normal, std: 0.3),
            Activations.Vnn(basis: new PolynomialBasis(PolynomialKind.Legendre, 4, clamp: true), fit: "tanh", low: -2,
                high: 1),
            Activations.Vnn(basis: new FunctionsBasis("gelu", "sin")),
            Activations.Vnn(basis: new FourierBasis(6, 0.5, linear: false)),
            Activations.Wsgaf(Features, components: ["relu", "elu"], gate: WsgafGate.Sigmoid, init: "elu", std: 0.3),
            Activations.PSigRamp(Features, Granularity.Neuron, 0.3, 2.5, SimplexConstraint.Reparam),
            Activations.PE2ReLU(alpha: 0.9),
            Activations.PE2Id(beta: 0.1),
            Activations.PE3ReLU(a: 0.2, b: 0.5),
            Activations.Adaact(Features, Granularity.Neuron, k1: 1.5),
            Activations.PReLU(Features, Granularity.Neuron, 0.1),
            Activations.Swish(beta: 2, trainable: false),
            Activations.LeakyRelu(0.2),
            Activations.Softplus(3),
        ];
        foreach (var module in built)
        {
            AssertRebuilds(module, "built in code");
            module.Dispose();
        }
    }

    [Fact]
    public void NonDefaultTmafGridIsInTheSpec()
    {
        using var m = new Tmaf(breakpoints: [-1, 0, 1]);
        Assert.Equal("tmaf(grid=-1:1:1)", m.Spec);
        Assert.Equal(m.Spec, m.ToString());
        using var listed = new Tmaf(breakpoints: [-1, 0.5]);
        Assert.Equal("tmaf(points=[-1, 0.5])", listed.Spec);
        using var defaults = Activations.Create("tmaf(grid=-5:5:1, init=relu, slope=0.3)", Features);
        Assert.Equal("tmaf", defaults.Spec);
        using var readme =
            Activations.Tmaf(64, Granularity.Neuron, breakpoints: [-2, -1, 0, 1, 2], init: TmafInit.Leaky);
        Assert.Equal("tmaf(grid=-2:2:1, init=leaky)", readme.Spec);
    }

    private static void AssertRebuilds(ActivationModule module, string origin)
    {
        string spec = module.Spec;
        using var rebuilt = Activations.Create(spec, Features);
        Assert.True(spec == rebuilt.Spec, $"{origin}: spec '{spec}' rebuilds as '{rebuilt.Spec}'");
        Assert.Equal(module.GetType(), rebuilt.GetType());
        var source = module.state_dict();
        var target = rebuilt.state_dict();
        Assert.Equal(source.Keys.Order(), target.Keys.Order());
        using (no_grad())
        {
            foreach (var (name, tensor) in source)
            {
                Assert.True(tensor.shape.SequenceEqual(target[name].shape), $"{origin}: '{spec}' {name} shape differs");
                target[name].copy_(tensor);
            }
            foreach (var (name, p) in module.named_parameters())
                Assert.Equal(p.requires_grad,
                    rebuilt.named_parameters().Single(q => q.name == name).parameter.requires_grad);
            using var x = randn(7, Features, dtype: float64) * 3;
            module.to(float64);
            rebuilt.to(float64);
            using var y = module.call(x);
            using var z = rebuilt.call(x);
            Assert.True(y.allclose(z, rtol: 0, atol: 0), $"{origin}: '{spec}' rebuilt computes another function");
        }
    }

    private static string RandomSpec(string family, Random r)
    {
        var args = new List<string>();
        void Maybe(string key, Func<string> value)
        {
            if (r.NextDouble() < 0.5) args.Add($"{key}={value()}");
        }
        string Num(double lo, double hi) =>
            Math.Round(lo + (hi - lo) * r.NextDouble(), r.Next(0, 4)).ToString("R", CultureInfo.InvariantCulture);
        string Pick(params string[] words) => words[r.Next(words.Length)];
        string Per() => Pick("layer", "neuron");

        switch (family)
        {
            case "leaky_relu": Maybe("slope", () => Num(0, 1)); break;
            case "elu": Maybe("alpha", () => Num(0.1, 3)); break;
            case "softplus": Maybe("beta", () => Num(0.1, 5)); break;
            case "prelu": Maybe("per", Per); Maybe("init", () => Num(-1, 1)); break;
            case "swish":
                Maybe("per", Per);
                Maybe("beta", () => Num(-2, 2));
                Maybe("trainable", () => Pick("true", "false"));
                break;
            case "adaact": Maybe("per", Per); Maybe("k0", () => Num(-1, 1)); Maybe("k1", () => Num(-2, 2)); break;
            case "vnn":
                Maybe("per", Per);
                switch (Pick("fourier", "poly", "chebyshev", "legendre", "gaussian", "functions"))
                {
                    case "fourier":
                        Maybe("terms", () => r.Next(1, 7).ToString(CultureInfo.InvariantCulture));
                        Maybe("omega", () => Num(0.2, 2));
                        Maybe("linear", () => Pick("true", "false"));
                        Maybe("constant", () => Pick("true", "false"));
                        break;
                    case "gaussian":
                        args.Add("basis=gaussian");
                        Maybe("centers", () => r.Next(1, 9).ToString(CultureInfo.InvariantCulture));
                        args.Add("low=" + Num(-3, -1));
                        Maybe("high", () => Num(0, 3));
                        Maybe("width", () => Num(0.2, 2));
                        break;
                    case "functions":
                        args.Add("basis=functions");
                        Maybe("fns", () => "[" + string.Join(", ",
                            NamedFunctions.All.Keys.OrderBy(_ => r.Next()).Take(r.Next(1, 4))) + "]");
                        break;
                    case var poly:
                        args.Add("basis=" + poly);
                        Maybe("degree", () => r.Next(0, 7).ToString(CultureInfo.InvariantCulture));
                        Maybe("squash", () => Pick("tanh", "clamp"));
                        break;
                }
                if (r.NextDouble() < 0.4)
                {
                    args.Add("init=normal");
                    Maybe("std", () => Num(0, 1));
                }
                else
                {
                    Maybe("fit", () => Pick("relu", "tanh", "silu", "identity"));
                    Maybe("interval", () => $"[{Num(-4, -1)}, {Num(0.5, 4)}]");
                }
                break;
            case "wsgaf":
                {
                    Maybe("per", Per);
                    var components = new[] { "tanh", "relu", "sigmoid" };
                    if (r.NextDouble() < 0.5)
                    {
                        components = NamedFunctions.All.Keys.OrderBy(_ => r.Next()).Take(r.Next(1, 4)).ToArray();
                        args.Add("components=[" + string.Join(", ", components) + "]");
                    }
                    Maybe("gate", () => Pick("linear", "sigmoid"));
                    Maybe("init", () => Pick(["all", .. components]));
                    Maybe("std", () => r.NextDouble() < 0.5 ? Pick("small", "large") : Num(0, 1));
                    break;
                }
            case "psigramp" or "pe2relu" or "pe2id":
                Maybe("per", Per);
                Maybe("constraint", () => Pick("project", "reparam"));
                Maybe("alpha", () => Num(0, 1));
                Maybe("beta", () => Num(0.1, 3));
                break;
            case "pe3relu":
                {
                    Maybe("per", Per);
                    Maybe("constraint", () => Pick("project", "reparam"));
                    double a = Math.Round(r.NextDouble() * 0.6, 2), b = Math.Round(r.NextDouble() * 0.4, 2);
                    if (r.NextDouble() < 0.7) args.Add($"a={a.ToString(CultureInfo.InvariantCulture)}");
                    if (r.NextDouble() < 0.7) args.Add($"b={b.ToString(CultureInfo.InvariantCulture)}");
                    break;
                }
            case "tmaf" or "tmaf3":
                Maybe("per", Per);
                switch (r.Next(3))
                {
                    case 0:
                        args.Add($"grid={Num(-4, -1)}:{Num(0, 4)}:{Pick("0.25", "0.5", "1", "0.3", "0.1")}");
                        break;
                    case 1:
                        {
                            double s = -3;
                            var points = Enumerable.Range(0, r.Next(1, 6)).Select(_ => s += 0.05 + r.NextDouble())
                                .Select(p => Math.Round(p, 3).ToString("R", CultureInfo.InvariantCulture));
                            args.Add($"points=[{string.Join(", ", points)}]");
                            break;
                        }
                }
                Maybe("init", () => Pick("relu", "leaky", "zero"));
                Maybe("slope", () => Num(-0.5, 0.5));
                if (family == "tmaf" && r.NextDouble() < 0.3)
                {
                    args.Add("breakpoints=trainable");
                    Maybe("temperature", () => Num(0.01, 0.5));
                }
                break;
        }
        return args.Count == 0 ? family : $"{family}({string.Join(", ", args.OrderBy(_ => r.Next()))})";
    }
}
