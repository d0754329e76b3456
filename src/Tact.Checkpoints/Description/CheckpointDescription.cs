using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tact.Checkpoints.Description;

/// <summary>
/// The JSON description a checkpoint carries in its safetensors <c>__metadata__</c> (key <c>tact</c>): what the model
/// is, how to rebuild it, the task and preprocessing it was trained for, and how it was trained. docs/checkpoints.md
/// lists every field.
/// </summary>
public sealed record CheckpointDescription
{
    /// <summary>The value of <see cref="Format"/> in every tact checkpoint.</summary>
    public const string FormatName = "tact-checkpoint";

    /// <summary>The format version this library writes and the newest it reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Always <see cref="FormatName"/>.</summary>
    public string Format { get; init; } = FormatName;

    /// <summary>
    /// Format version; readers refuse versions newer than their own <see cref="CurrentFormatVersion"/>.
    /// </summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The tact version that wrote the file.</summary>
    public string TactVersion { get; init; } = Checkpoint.TactVersion;

    /// <summary>
    /// The zoo model and its request, or null for a user's own model (load it with strict names instead).
    /// </summary>
    public ModelDescription? Model { get; init; }

    /// <summary>
    /// Every activation module of the model, in registration order (filled in by <see cref="Checkpoint.Save"/>).
    /// </summary>
    public IReadOnlyList<ActivationDescription> Activations { get; init; } = [];

    /// <summary>The task and its preprocessing, or null when the model was not trained on a named task.</summary>
    public TaskDescription? Task { get; init; }

    /// <summary>The training run's configuration as its JSON (tact's <c>RunConfig</c>), or null.</summary>
    public JsonElement? Training { get; init; }

    /// <summary>Epochs the weights have been trained for, over every resumed session.</summary>
    public int? EpochsTrained { get; init; }

    /// <summary>Final test metrics recorded at the end of training.</summary>
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }

    /// <summary>A description of a zoo model built by <c>ModelCatalog.Create(name, request)</c>.</summary>
    public static CheckpointDescription ForModel(string name, Tact.Models.ModelRequest request) =>
        new() { Model = ModelDescription.From(name, request) };

    /// <summary>The JSON settings of descriptions: camelCase, enums as strings, NaN allowed, nulls left out.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
