namespace Tact.Activations;

/// <summary>An activation whose parameters must be projected back onto their set after each optimiser step.</summary>
public interface IProjectedActivation
{
    /// <summary>Projects the parameters in place (without gradient).</summary>
    void Project();
}
