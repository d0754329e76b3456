using System.Globalization;
using System.Text.RegularExpressions;
using Tact.Activations.Regularization;
using Tact.Experiments.Tasks;
using Tact.Experiments.Training;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tact.Experiments.Grid;

/// <summary>
/// Reads an experiment YAML file into an <see cref="ExperimentSpec"/>. Strict: unknown keys, wrong types and bad
/// values are <see cref="ConfigException"/>s that start with <c>FILE:LINE:COLUMN:</c>. The format is documented in
/// docs/experiments.md.
/// </summary>
public static partial class ExperimentFile
{
    private static readonly string[] TopKeys =
    [
        "name", "description", "paper", "task", "task_options", "model", "hidden", "init", "output_activation",
        "activations",
        "grid", "baseline", "metric", "lower_is_better", "paper_results", "optimizer", "lr", "lr_schedule", "loss",
        "regularizer", "epochs", "batch", "seeds", "seed", "smoke",
        "init", "layers",
    ];

    /// <summary>Loads and validates a file.</summary>
    public static ExperimentSpec Load(string path)
    {
        if (Directory.Exists(path)) throw new ConfigException($"experiment file '{path}' is a directory");
        if (!File.Exists(path)) throw new ConfigException($"experiment file '{path}' not found");
        if (new FileInfo(path).Length > MaxBytes)
            throw new ConfigException($"experiment file '{path}' is {new FileInfo(path).Length} bytes; experiment " +
                $"files are at most {MaxBytes}");
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"experiment file '{path}' cannot be read: {e.Message}");
        }
        return Parse(text, path);
    }

    /// <summary>Deepest nesting of lists and mappings an experiment file may hold (the format needs 4).</summary>
    public const int MaxDepth = 32;

    /// <summary>Largest experiment file read, in bytes.</summary>
    public const long MaxBytes = 4 << 20;

    /// <summary>Parses and validates YAML text; <paramref name="source"/> names it in errors.</summary>
    public static ExperimentSpec Parse(string text, string source)
    {
        if (text.Contains('\0'))
            throw new ConfigException($"{source}:{LineOf(text, text.IndexOf('\0'))}: a NUL byte: this is not a text " +
                $"file");
        var stream = new YamlStream();
        try
        {
            CheckDepth(text, source);
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigException($"{source}:{e.Start.Line}:{e.Start.Column}: YAML syntax error: " +
                $"{e.InnerException?.Message ?? e.Message}");
        }
        if (stream.Documents.Count == 0)
            throw new ConfigException($"{source}:1:1: the file is empty; an experiment file holds one YAML mapping " +
                $"(key: value lines)");
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            throw new ConfigException($"{source}:{second.Line}:{second.Column}: " +
                "a second YAML document; an experiment file holds one mapping");
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var node = stream.Documents[0].RootNode;
            throw new ConfigException($"{source}:{node.Start.Line}:{node.Start.Column}: an experiment file holds one " +
                $"YAML mapping (key: value lines)");
        }
        return new Reader(source).Experiment(root);
    }

    // Walks the event stream (no recursion) before the tree is built, whose builder recurses once per level.
    private static void CheckDepth(string text, string source)
    {
        var parser = new Parser(new StringReader(text));
        int depth = 0;
        while (parser.MoveNext())
        {
            if (parser.Current is YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart
                && ++depth > MaxDepth)
                throw new ConfigException($"{source}:{parser.Current.Start.Line}:{parser.Current.Start.Column}: " +
                    $"lists and mappings nested more than {MaxDepth} deep");
            if (parser.Current is YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd) depth--;
        }
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    [GeneratedRegex(@"\{([a-z_][a-z0-9_]*)\}")]
    private static partial Regex Placeholder();

    private sealed class Reader(string source)
    {
        public ExperimentSpec Experiment(YamlMappingNode root)
        {
            var map = Keys(root, TopKeys, "experiment");
            string name = Str(Required(map, root, "name"));
            if (!Regex.IsMatch(name, "^[A-Za-z0-9._-]+$"))
                throw Error(map["name"],
                    $"name '{name}' may only hold letters, digits, '.', '_' and '-' (it names a directory)");

            var cells = new List<CellSpec>();
            if (map.TryGetValue("activations", out var acts)) cells.AddRange(Seq(acts, "activations").Select(Cell));
            if (map.TryGetValue("grid", out var grid)) cells.AddRange(Grid(grid));
            if (cells.Count == 0) throw Error(root, "no activations: give an 'activations' list or a 'grid'");
            foreach (var dup in cells.GroupBy(c => c.Label).Where(g => g.Count() > 1))
                throw Error(root, $"two cells are labelled '{dup.Key}'; give each a distinct label");
            foreach (var cell in cells.Where(c => c.Baseline is not null && cells.All(o => o.Label != c.Baseline)))
                throw Error(root, $"cell '{cell.Label}' names baseline '{cell.Baseline}', which is not a cell label");

            var training = new TrainOptions
            {
                Epochs = map.TryGetValue("epochs", out var e) ? Int(e, 1) : 20,
                BatchSize = map.TryGetValue("batch", out var b) ? Int(b, 1) : 100,
                LearningRate = map.TryGetValue("lr", out var lr) ? Positive(lr) : 1e-3,
                LrSchedule = map.TryGetValue("lr_schedule", out var schedule)
                    ? Seq(schedule, "lr_schedule").Select(Step).ToList()
                    : [],
                Optimizer = map.TryGetValue("optimizer", out var o)
                    ? TrainingWords.Optimizer(Choice(o, [.. TrainingWords.Optimizers]))!.Value
                    : OptimizerKind.Adam,
                Loss = map.TryGetValue("loss", out var l)
                    ? TrainingWords.Loss(Choice(l, [.. TrainingWords.Losses]))!.Value
                    : LossKind.Auto,
                Seed = map.TryGetValue("seed", out var seed) ? Int(seed, 0) : 1,
                Penalty = map.TryGetValue("regularizer", out var reg) ? Penalty(reg) : new ActivationRegularizer(),
                Parameters = map.TryGetValue("layers", out var rules)
                    ? Seq(rules, "layers").Select(Rule).ToList()
                    : null,
            };

            string metric = map.TryGetValue("metric", out var m) ? Str(m) : "rel_l2";
            string baseline = map.TryGetValue("baseline", out var bl) ? Str(bl) : cells[0].Label;
            if (cells.All(c => c.Label != baseline))
                throw Error(map["baseline"], $"baseline '{baseline}' is not a cell label; labels: " +
                    $"{string.Join(", ", cells.Select(c => c.Label))}");

            var paper = new Dictionary<string, double>();
            if (map.TryGetValue("paper_results", out var pr))
            {
                foreach (var (key, value) in Mapping(pr, "paper_results").Children)
                {
                    var label = Str(key);
                    if (cells.All(c => c.Label != label))
                        throw Error(key, $"paper_results names '{label}', which is not a cell label");
                    paper[label] = Num(value);
                }
            }

            int seeds = map.TryGetValue("seeds", out var s) ? Int(s, 1) : 1;
            if ((double)seeds * cells.Count > ExperimentPlan.MaxRuns)
                throw Error(map.TryGetValue("seeds", out var sn) ? sn : root,
                    $"{cells.Count} cells x {seeds} seeds is {(double)seeds * cells.Count:G4} runs; a plan holds at " +
                        $"most {ExperimentPlan.MaxRuns}");

            // One init key: linear-layer words (one or one per layer), or the grid initialisation.
            map.TryGetValue("init", out var initNode);
            bool gridInit = initNode is YamlMappingNode
                || initNode is YamlScalarNode { Value: Models.LayerInit.GridKind };
            var inits = initNode is not null && !gridInit ? Inits(initNode) : null;
            string modelName = map.TryGetValue("model", out var mn) ? Str(mn) : "mlp";
            if (inits is not null && modelName != "mlp")
                throw Error(initNode!, $"init sets the linear layers of the mlp model, not of {modelName}");
            var widths = map.TryGetValue("hidden", out var hn) ? Seq(hn, "hidden").Count() : 1;
            foreach (var layers in cells.Select(c => (c.Hidden?.Count ?? widths) + 1).Distinct())
                if (inits is { Count: > 1 } && inits.Count != layers)
                    throw Error(initNode!,
                        $"init gives {inits.Count} values for {layers} linear layers; give one or {layers}");

            return new ExperimentSpec
            {
                Name = name,
                Description = map.TryGetValue("description", out var d) ? Str(d) : "",
                Paper = map.TryGetValue("paper", out var p) ? Str(p) : "",
                Task = TaskName(Required(map, root, "task")),
                TaskOptions = map.TryGetValue("task_options", out var to) ? Options(to) : new TaskOptions(),
                Model = map.TryGetValue("model", out var model)
                    ? Choice(model, [.. Models.ModelCatalog.Names.Keys])
                    : "mlp",
                Hidden = map.TryGetValue("hidden", out var h) ? Seq(h, "hidden").Select(n => Int(n, 1)).ToList() : [20],
                OutputActivation = map.TryGetValue("output_activation", out var oa) ? Spec(oa) : null,
                Init = inits,
                Cells = cells,
                Training = training,
                Seeds = seeds,
                Metric = metric,
                LowerIsBetter = map.TryGetValue("lower_is_better", out var lib)
                    ? Bool(lib)
                    : metric is not ("accuracy" or "f1" or "macro_f1"),
                Baseline = baseline,
                PaperResults = paper,
                Smoke = map.TryGetValue("smoke", out var smoke) ? Smoke(smoke) : new SmokeOverrides(),
                GridInit = gridInit ? GridInit(initNode!) : null,
            };
        }

        // init: grid, or init: { kind: grid, layers: [1], coverage: 0.9, jitter: 0.1, seed: 7, input_range: [a, b] }
        private Models.LayerInit GridInit(YamlNode node)
        {
            if (node is YamlScalarNode) return Models.LayerInit.Parse(Str(node));
            var map = Keys(Mapping(node, "init"), ["kind", "layers", "coverage", "jitter", "seed", "input_range"],
                "init");
            Choice(Required(map, node, "kind"), Models.LayerInit.GridKind);
            var range = map.TryGetValue("input_range", out var r) ? Seq(r, "input_range").Select(Num).ToList() : null;
            if (range is { Count: not 2 }) throw Error(r!, "input_range is [low, high]");
            var init = new Models.LayerInit
            {
                Layers = map.TryGetValue("layers", out var l)
                    ? Seq(l, "layers").Select(n => Int(n, 1)).ToList()
                    : null,
                Coverage = map.TryGetValue("coverage", out var c) ? Positive(c) : 0.9,
                Jitter = map.TryGetValue("jitter", out var j) ? NonNegative(j) : 0.1,
                Seed = map.TryGetValue("seed", out var s) ? Int(s, 0) : null,
                InputLow = range?[0],
                InputHigh = range?[1],
            };
            try
            {
                init.Validate();
            }
            catch (ArgumentException e)
            {
                throw Error(node, e.Message);
            }
            return init;
        }

        // layers: - { match: linears.0, freeze: true } or - { match: linears.0, lr_scale: 0.01 }
        private ParameterRule Rule(YamlNode node)
        {
            var map = Keys(Mapping(node, "layers entry"), ["match", "freeze", "lr_scale"], "layers entry");
            var match = Str(Required(map, node, "match"));
            if (match.Length == 0) throw Error(map["match"], "match names a parameter or a layer, e.g. linears.0");
            bool freeze = map.TryGetValue("freeze", out var f) && Bool(f);
            if (map.ContainsKey("lr_scale") == freeze)
                throw Error(node, "a layers entry takes either freeze: true or lr_scale: FACTOR");
            return new ParameterRule(match, freeze ? 0 : Positive(map["lr_scale"]));
        }

        private CellSpec Cell(YamlNode node)
        {
            if (node is YamlScalarNode) return new CellSpec(Str(node), [Spec(node)]);
            if (node is YamlSequenceNode seq)
            {
                var specs = seq.Children.Select(Spec).ToList();
                return new CellSpec(string.Join("; ", specs), specs);
            }
            var map = Keys(Mapping(node, "activation"), ["label", "spec", "hidden", "dims", "baseline", "regularizer"],
                "activation");
            var specNode = Required(map, node, "spec");
            var list = specNode is YamlSequenceNode s ? s.Children.Select(Spec).ToList() : [Spec(specNode)];
            return new CellSpec(map.TryGetValue("label", out var label) ? Str(label) : string.Join("; ", list), list,
                map.TryGetValue("hidden", out var h) ? Seq(h, "hidden").Select(n => Int(n, 1)).ToList() : null,
                map.TryGetValue("dims", out var d) ? Int(d, 1) : null,
                map.TryGetValue("baseline", out var b) ? Str(b) : null,
                map.TryGetValue("regularizer", out var r) ? Penalty(r) : null);
        }

        private IEnumerable<CellSpec> Grid(YamlNode node)
        {
            var map = Keys(Mapping(node, "grid"), ["template", "label", "axes"], "grid");
            var template = Required(map, node, "template");
            string text = Str(template);
            string label = map.TryGetValue("label", out var l) ? Str(l) : text;
            var axesNode = Mapping(Required(map, node, "axes"), "grid axes");
            var axes = axesNode.Children
                .Select(a => (Name: Str(a.Key), Node: a.Key, Values: Seq(a.Value, "grid axis").Select(Str).ToList()))
                .ToList();
            var used = Placeholder().Matches(text).Select(m => m.Groups[1].Value).ToHashSet();
            foreach (var name in used.Where(u => axes.All(a => a.Name != u)))
                throw Error(template, $"template uses {{{name}}}, which is not an axis; axes: " +
                    $"{string.Join(", ", axes.Select(a => a.Name))}");
            foreach (var axis in axes.Where(a => !used.Contains(a.Name)))
                throw Error(axis.Node, $"axis '{axis.Name}' is not used in the template");
            foreach (var axis in axes.Where(a => a.Values.Count == 0))
                throw Error(axis.Node, $"axis '{axis.Name}' has no values");
            // Counted before anything is expanded: a few long axes multiply into more cells than memory holds.
            double combinations = axes.Aggregate(1.0, (n, a) => n * a.Values.Count);
            if (combinations > ExperimentPlan.MaxRuns)
                throw Error(template,
                    $"the grid's axes make {combinations:G4} cells; " +
                    $"a plan holds at most {ExperimentPlan.MaxRuns} runs");

            IEnumerable<Dictionary<string, string>> combos = [new()];
            foreach (var axis in axes)
                combos = combos.SelectMany(c =>
                    axis.Values.Select(v => new Dictionary<string, string>(c) { [axis.Name] = v }));
            foreach (var combo in combos)
            {
                string Fill(string t) => Placeholder().Replace(t, m => combo[m.Groups[1].Value]);
                var spec = Fill(text);
                Validate(spec, template);
                yield return new CellSpec(Fill(label), [spec]);
            }
        }

        private string Spec(YamlNode node)
        {
            var spec = Str(node);
            Validate(spec, node);
            return spec;
        }

        private void Validate(string spec, YamlNode node)
        {
            try
            {
                Activations.Registry.ActivationRegistry.Default.Validate(spec);
            }
            catch (Exception e) when (e is Activations.Spec.SpecParseException
                or Activations.Spec.ActivationSpecException)
            {
                throw Error(node, e.Message);
            }
        }

        private TaskOptions Options(YamlNode node)
        {
            var map = Keys(Mapping(node, "task_options"),
                ["dims", "train_size", "test_size", "data", "window", "series_length", "validation"], "task_options");
            var defaults = new TaskOptions();
            return new TaskOptions
            {
                Dims = map.TryGetValue("dims", out var d) ? Int(d, 1) : defaults.Dims,
                TrainCount = map.TryGetValue("train_size", out var tr) ? Int(tr, 1) : defaults.TrainCount,
                TestCount = map.TryGetValue("test_size", out var te) ? Int(te, 1) : defaults.TestCount,
                DataDir = map.TryGetValue("data", out var data)
                    ? Environment.ExpandEnvironmentVariables(Str(data))
                    : defaults.DataDir,
                Window = map.TryGetValue("window", out var w) ? Int(w, 1) : defaults.Window,
                SeriesLength = map.TryGetValue("series_length", out var sl) ? Int(sl, 10) : defaults.SeriesLength,
                Validation = map.TryGetValue("validation", out var v) ? Fraction(v) : defaults.Validation,
            };
        }

        // One word for every linear layer, or a list of one per layer.
        private List<Models.LinearInit> Inits(YamlNode node)
        {
            var words = node is YamlSequenceNode ? Seq(node, "init").ToList() : [node];
            if (words.Count == 0) throw Error(node, "init has no values");
            string[] known = [.. Models.LinearInits.Words, Models.LayerInit.GridKind];
            return words.Select(w => Models.LinearInits.Parse(Choice(w, known))
                ?? throw Error(w, "grid is the whole init (init: grid), not one layer's")).ToList();
        }

        private LrStep Step(YamlNode node)
        {
            var map = Keys(Mapping(node, "lr_schedule step"), ["from", "lr"], "lr_schedule step");
            double from = Num(Required(map, node, "from"));
            if (from is < 0 or > 1)
                throw Error(map["from"], $"'from' is a fraction of the epochs in [0, 1], got {from}");
            return new LrStep(from, Positive(Required(map, node, "lr")));
        }

        private ActivationRegularizer Penalty(YamlNode node)
        {
            var map = Keys(Mapping(node, "regularizer"), ["mean", "default", "boundary", "margin", "layer_weights"],
                "regularizer");
            double Get(string key, double fallback) => map.TryGetValue(key, out var v) ? NonNegative(v) : fallback;
            var weights = map.TryGetValue("layer_weights", out var lw)
                ? Seq(lw, "layer_weights").Select(NonNegative).ToList()
                : null;
            return new ActivationRegularizer(Get("mean", 0), Get("default", 0), Get("boundary", 0), Get("margin", 0.05),
                weights);
        }

        private SmokeOverrides Smoke(YamlNode node)
        {
            var map = Keys(Mapping(node, "smoke"), ["epochs", "seeds", "batch", "train_size", "test_size", "max_cells"],
                "smoke");
            int? Get(string key) => map.TryGetValue(key, out var v) ? Int(v, 1) : null;
            return new SmokeOverrides
            {
                Epochs = Get("epochs"),
                Seeds = Get("seeds"),
                Batch = Get("batch"),
                TrainSize = Get("train_size"),
                TestSize = Get("test_size"),
                MaxCells = Get("max_cells"),
            };
        }

        private string TaskName(YamlNode node)
        {
            try
            {
                return TaskCatalog.Find(Str(node)).Name;
            }
            catch (ConfigException e)
            {
                throw Error(node, e.Message);
            }
        }

        private Dictionary<string, YamlNode> Keys(YamlMappingNode map, string[] allowed, string what)
        {
            var result = new Dictionary<string, YamlNode>();
            foreach (var (keyNode, value) in map.Children)
            {
                var key = Str(keyNode);
                if (!allowed.Contains(key))
                    throw Error(keyNode, $"unknown key '{key}' in {what}; known: {string.Join(", ", allowed)}");
                result[key] = value;
            }
            return result;
        }

        private YamlNode Required(Dictionary<string, YamlNode> map, YamlNode parent, string key) =>
            map.TryGetValue(key, out var node) ? node : throw Error(parent, $"missing required key '{key}'");

        private YamlMappingNode Mapping(YamlNode node, string what) =>
            node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping (key: value)");

        private IEnumerable<YamlNode> Seq(YamlNode node, string what) =>
            node is YamlSequenceNode seq ? seq.Children : throw Error(node, $"{what} must be a list");

        private string Str(YamlNode node) =>
            node is YamlScalarNode { Value: { } v }
                ? v
                : throw Error(node, "expected a single value here, not a list or mapping");

        private double Num(YamlNode node)
        {
            var text = Str(node);
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) &&
                double.IsFinite(v)
                ? v
                : throw Error(node, $"expected a number, got '{text}'");
        }

        // Rates reach the float32 optimiser: beyond float32's range (or rounding to 0 in it) they cannot work.
        private double Positive(YamlNode node) => Num(node) is var v && v > 0 && float.IsFinite((float)v)
            && (float)v > 0
            ? v
            : throw Error(node, $"expected a number > 0 within float32 range, got '{Str(node)}'");

        private double Fraction(YamlNode node) =>
            Num(node) is var v && v is >= 0 and < 1
                ? v
                : throw Error(node, $"expected a fraction in [0, 1), got '{Str(node)}'");

        private double NonNegative(YamlNode node) =>
            Num(node) is var v && v >= 0
                ? v
                : throw Error(node, $"expected a number >= 0, got '{Str(node)}'");

        private int Int(YamlNode node, int min)
        {
            var text = Str(node);
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min
                ? v
                : throw Error(node, $"expected a whole number >= {min}, got '{text}'");
        }

        private bool Bool(YamlNode node) => Str(node) switch
        {
            "true" => true,
            "false" => false,
            var other => throw Error(node, $"expected true or false, got '{other}'"),
        };

        private string Choice(YamlNode node, params string[] allowed) =>
            Str(node) is var v && allowed.Contains(v)
                ? v
                : throw Error(node, $"expected one of {string.Join("|", allowed)}, got '{Str(node)}'");

        private ConfigException Error(YamlNode node, string message) =>
            new($"{source}:{node.Start.Line}:{node.Start.Column}: {message}");
    }
}
