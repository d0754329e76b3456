using Tact.Data;
using Tact.Data.Preparation;

namespace Tact.Checkpoints.Description;

/// <summary>The task a model was trained for and how its data was prepared.</summary>
/// <param name="Name">Task name (<c>tact train --task</c>).</param>
/// <param name="Kind">Regression or classification, as the model sees it (an autoencoder's task is regression).</param>
/// <param name="Loss">
/// The loss trained with: <c>mse</c>, <c>sse</c>, <c>ce</c> or <c>bce</c> (one logit for two classes).
/// </param>
/// <param name="Outputs">Regression outputs or classes of the data.</param>
/// <param name="Reconstruction">True when the target is the input (autoencoders).</param>
/// <param name="Scaling">The standardisation applied to raw values, or null.</param>
/// <param name="ClassNames">Class names, when the data names them.</param>
/// <param name="Window">Window length of forecasting tasks, or null.</param>
public sealed record TaskDescription(string Name, TaskKind Kind, string Loss, int Outputs, bool Reconstruction,
    FeatureScaling? Scaling = null, IReadOnlyList<string>? ClassNames = null, int? Window = null);
