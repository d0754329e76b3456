using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Tact.Activations.Conversion;

/// <summary>
/// Finds every place in a model that holds one of the modules being replaced. A TorchSharp module keeps its
/// children twice: registered by name in <c>Module._internal_submodules</c> (an ordered dictionary read by
/// <c>parameters()</c>, <c>state_dict()</c> and <c>named_modules()</c>) and in the C# fields its <c>forward</c>
/// calls. <c>Sequential</c> registers nothing and keeps its own private list, which both its <c>forward</c> and its
/// overridden <c>named_parameters()</c> read; <c>ModuleList</c> and <c>ModuleDict</c> keep a private list (and
/// dictionary) beside their registration. All of these are fields, so scanning every instance field of every module
/// of the tree, including lists, arrays and dictionaries held in them, finds each reference.
/// </summary>
internal static class ModuleReferences
{
    /// <summary>One place that holds an old module.</summary>
    /// <param name="Old">The module held there.</param>
    /// <param name="Place">Where, for messages, e.g. <c>field 'act1' of 'blocks.0' (BasicBlock)</c>.</param>
    /// <param name="Holds">The type the place can hold.</param>
    /// <param name="Set">Puts a new module there.</param>
    public sealed record Reference(nn.Module Old, string Place, Type Holds, Action<nn.Module> Set);

    private const BindingFlags InstanceFields =
        BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    /// <summary>Every reference to a module of <paramref name="old"/> in <paramref name="model"/>'s tree.</summary>
    public static List<Reference> Find(nn.Module model, IReadOnlySet<nn.Module> old)
    {
        var references = new List<Reference>();
        var owners = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        foreach (var (path, owner) in model.named_modules().Prepend(("", model)))
        {
            if (old.Contains(owner) || !owners.Add(owner)) continue;
            for (var type = owner.GetType(); type is not null && type != typeof(object); type = type.BaseType)
                foreach (var field in type.GetFields(InstanceFields))
                    Scan(owner, field, ModulePath.Describe(path, owner), old, references);
        }
        return references;
    }

    private static void Scan(nn.Module owner, FieldInfo field, string ownerText, IReadOnlySet<nn.Module> old,
        List<Reference> references)
    {
        var value = field.GetValue(owner);
        var place = $"field '{field.Name}' of {ownerText}";
        switch (value)
        {
            case nn.Module module:
                if (old.Contains(module))
                    references.Add(new(module, place, field.FieldType, m => field.SetValue(owner, m)));
                break;
            case Delegate bound when bound.Target is nn.Module target && old.Contains(target):
                // A delegate such as relu.call cannot be re-pointed; the caller has to hold the module instead.
                references.Add(new(target, $"a delegate in {place}", field.FieldType, _ => { }));
                break;
            case OrderedDict<string, nn.Module> registered:
                foreach (var key in registered.Keys)
                    if (registered[key] is var module && old.Contains(module))
                        references.Add(new(module, $"the registered sub-module '{key}' of {ownerText}",
                            typeof(nn.Module), m => registered[key] = m));
                break;
            case IList list:
                ScanList(list, place, old, references);
                break;
            case IDictionary dictionary:
                ScanDictionary(dictionary, place, old, references);
                break;
        }
    }

    private static void ScanList(IList list, string place, IReadOnlySet<nn.Module> old, List<Reference> references)
    {
        var type = list.GetType();
        var element = type.IsArray ? type.GetElementType()! : GenericArgument(list, typeof(IList<>));
        bool tuples = element.IsGenericType && element.GetGenericTypeDefinition() == typeof(ValueTuple<,>);
        if (element.IsValueType && !tuples) return;
        for (var i = 0; i < list.Count; i++)
        {
            var index = i;
            if (list[i] is nn.Module module && old.Contains(module))
                references.Add(new(module, $"element {i} of {place}", element, m => list[index] = m));
            else if (tuples && list[i] is ITuple { Length: 2 } pair && pair[1] is nn.Module second &&
                     old.Contains(second))
            {
                var key = pair[0];
                references.Add(new(second, $"entry '{key}' of {place}", element.GetGenericArguments()[1],
                    m => list[index] = Activator.CreateInstance(element, key, m)));
            }
        }
    }

    private static void ScanDictionary(IDictionary dictionary, string place, IReadOnlySet<nn.Module> old,
        List<Reference> references)
    {
        var valueType = GenericArgument(dictionary, typeof(IDictionary<,>), position: 1);
        foreach (var key in dictionary.Keys.Cast<object>().ToList())
            if (dictionary[key] is nn.Module module && old.Contains(module))
                references.Add(new(module, $"entry '{key}' of {place}", valueType, m => dictionary[key] = m));
    }

    // The type argument of the collection's generic interface, or object when it has none.
    private static Type GenericArgument(object collection, Type genericInterface, int position = 0) =>
        collection.GetType().GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == genericInterface)
            ?.GetGenericArguments()[position] ?? typeof(object);
}
