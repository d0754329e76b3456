using Tact.Activations.Registry;
using Tact.Activations.Spec;

namespace Tact.Activations;

/// <summary>Registers <c>psigramp</c>, <c>pe2relu</c>, <c>pe2id</c> and <c>pe3relu</c>.</summary>
public static class FlexibleFamilies
{
    private static readonly ParameterInfo ConstraintInfo = new("constraint", "project|reparam", "project",
        "project: alpha is stepped directly and projected onto the simplex after each optimiser step " +
        "(the paper's eq. 2); reparam: sigmoid (2 components) or softmax (3) of free parameters");

    /// <summary>Adds the four families to <paramref name="registry"/>.</summary>
    public static void AddTo(ActivationRegistry registry)
    {
        ParameterInfo[] two =
        [
            BaselineFamilies.PerInfo, ConstraintInfo,
            new("alpha", "number in [0, 1]", "0.5", "initial weight of the first component"),
            new("beta", "number > 0", "1", "initial inner parameter (kept positive: beta = softplus(raw))"),
        ];
        registry.Add(new("psigramp",
            "P-Sig-Ramp: a sigmoid mixed with a trainable ramp (flexible-combination paper, eq. 4-5)",
            "alpha sigmoid(z) + (1 - alpha) clamp(beta z + 1/2, 0, 1)", true, two,
            a => Two(a, Activations.PSigRamp)));
        registry.Add(new("pe2relu", "P-E2-ReLU: ReLU mixed with a symmetric ELU pair (eq. 6)",
            "alpha relu(z) + (1 - alpha) (elu(z, beta) - elu(-z, beta))", true, two,
            a => Two(a, Activations.PE2ReLU)));
        registry.Add(new("pe2id", "P-E2-Id: the identity mixed with a symmetric ELU pair (eq. 6)",
            "alpha z + (1 - alpha) (elu(z, beta) - elu(-z, beta))", true, two,
            a => Two(a, Activations.PE2Id)));
        registry.Add(new("pe3relu", "P-E3-ReLU: ReLU, ELU and a mirrored ELU on the simplex (eq. 6, first line)",
            "a relu(z) + b elu(z) + (1 - a - b) (-elu(-z))", true,
            [BaselineFamilies.PerInfo, ConstraintInfo,
             new("a", "number in [0, 1]", "1/3", "initial weight of relu"),
             new("b", "number in [0, 1]", "1/3", "initial weight of elu (a + b <= 1)")],
            a =>
            {
                var (per, features) = a.Layout();
                double wa = a.Number("a", 1.0 / 3, 0, 1), wb = a.Number("b", 1.0 / 3, 0, 1);
                if (wa + wb > 1 + 1e-12)
                    throw a.Error("b", $"makes a + b = {wa + wb} > 1; the weights must lie on the simplex");
                return Activations.PE3ReLU(features, per, wa, wb, Constraint(a));
            }));
    }

    private static ActivationModule Two(SpecArgs a,
        Func<int, Granularity, double, double, SimplexConstraint, ActivationModule> create)
    {
        var (per, features) = a.Layout();
        return create(features, per, a.Number("alpha", 0.5, 0, 1), a.Number("beta", 1, min: 0, minExclusive: true),
            Constraint(a));
    }

    private static SimplexConstraint Constraint(SpecArgs a) =>
        a.Choice("constraint", "project", "project", "reparam") == "reparam"
            ? SimplexConstraint.Reparam
            : SimplexConstraint.Project;
}
