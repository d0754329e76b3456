using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tact.Experiments.Tasks;
using Tact.Experiments.Training;

namespace Tact.Experiments.Runs;

/// <summary>
/// Everything that defines one training run: task, model, activations and training options, plus the experiment
/// and grid cell it belongs to. Its <see cref="Id"/> is a hash of all of it, so the same run always has the same id
/// (resume and sharding rely on that).
/// </summary>
public sealed record RunConfig
{
    /// <summary>Name of the experiment the run belongs to (<c>adhoc</c> for <c>tact train</c>).</summary>
    public string Experiment { get; init; } = "adhoc";

    /// <summary>Label of the grid cell (the activation configuration); defaults to the specs.</summary>
    public string? Cell { get; init; }

    /// <summary>Task name (see <see cref="TaskCatalog"/>).</summary>
    public required string Task { get; init; }

    /// <summary>Task options.</summary>
    public TaskOptions TaskOptions { get; init; } = new();

    /// <summary>Model name; <c>mlp</c> by default.</summary>
    public string Model { get; init; } = "mlp";

    /// <summary>Activation specs: one for every activated layer, or one per layer.</summary>
    public required IReadOnlyList<string> Activations { get; init; }

    /// <summary>Activation of the output layer, or null for a linear output.</summary>
    public string? OutputActivation { get; init; }

    /// <summary>
    /// mlp: how its linear layers start, or null for PyTorch's default (left out of the JSON then, so the ids of
    /// runs without it stay what they were).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Models.LinearInit>? Init { get; init; }

    /// <summary>Hidden layer widths of the MLP.</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [20];

    /// <summary>
    /// Initialisation of the mlp's layers that feed grid-based activations, or null for PyTorch's default (left out of
    /// the identity then, so runs without it keep their ids).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Tact.Models.LayerInit? GridInit { get; init; }

    /// <summary>Training options (epochs, batch, optimiser, loss, seed).</summary>
    public TrainOptions Training { get; init; } = new();

    /// <summary>The cell label, or the activation specs joined by '; '.</summary>
    [JsonIgnore]
    public string Label => Cell ?? string.Join("; ", Activations);

    /// <summary>
    /// The configuration of the run's cell: a 16-hex-digit hash of everything but the seed. Runs of one cell with
    /// the same key differ only in their seed, so statistics over them describe one configuration.
    /// </summary>
    [JsonIgnore]
    public string CellKey => (this with { Training = Training with { Seed = 0 } }).Id;

    /// <summary>A stable 16-hex-digit identity: a hash of the whole configuration.</summary>
    [JsonIgnore]
    public string Id
    {
        get
        {
            var json = JsonSerializer.Serialize(this, SingleRun.Json);
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16];
        }
    }
}
