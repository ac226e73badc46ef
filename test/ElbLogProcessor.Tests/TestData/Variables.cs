namespace ElbLogProcessor.Tests;

/// <summary>An environment for tests: named variables, everything else unset.</summary>
internal sealed class Variables(params (string Name, string Value)[] values)
{
    private readonly Dictionary<string, string> _values = values.ToDictionary(v => v.Name, v => v.Value);

    public Variables With(params (string Name, string Value)[] more)
    {
        var copy = new Variables([.. _values.Select(p => (p.Key, p.Value))]);
        foreach (var (name, value) in more) copy._values[name] = value;
        return copy;
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public static implicit operator Func<string, string?>(Variables variables) => variables.Get;

    /// <summary>The options these variables give (validated, as at start).</summary>
    public Configuration.FunctionOptions Load() => Configuration.FunctionOptions.Load(Get);
}
