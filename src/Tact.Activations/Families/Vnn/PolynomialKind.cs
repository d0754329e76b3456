namespace Tact.Activations;

/// <summary>The polynomial families of <see cref="PolynomialBasis"/>.</summary>
public enum PolynomialKind
{
    /// <summary>Monomials u^0..u^d.</summary>
    Power,
    /// <summary>Chebyshev polynomials of the first kind T_0..T_d.</summary>
    Chebyshev,
    /// <summary>Legendre polynomials P_0..P_d.</summary>
    Legendre,
}
