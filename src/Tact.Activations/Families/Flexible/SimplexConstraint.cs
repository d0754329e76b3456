namespace Tact.Activations;

/// <summary>How the mixing weights alpha are kept on the simplex.</summary>
public enum SimplexConstraint
{
    /// <summary>
    /// alpha is the parameter itself; after each optimiser step it is projected onto the simplex (the paper's update
    /// rule, eq. 2, steps alpha directly). The default.
    /// </summary>
    Project,
    /// <summary>
    /// A free parameter mapped through a sigmoid (two components) or a softmax (more): always on the simplex.
    /// </summary>
    Reparam,
}
