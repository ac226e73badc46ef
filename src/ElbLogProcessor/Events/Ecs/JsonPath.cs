namespace ElbLogProcessor.Events.Ecs;

/// <summary>
/// The path of a nested object in an ECS event (<c>aws.elb.backend</c>), outermost name first, with the bytes
/// that open it (<c>"aws":{"elb":{"backend":{</c>) encoded once: opening it from an ancestor already open is
/// one copy of the tail of those bytes, not a write per level.
/// </summary>
/// <remarks>
/// Paths that share a start share the same <see cref="JsonName"/> instances, so their common ancestor is
/// found by reference.
/// </remarks>
internal sealed class JsonPath
{
    private readonly byte[] _opening;
    private readonly int[] _openingAt;

    public JsonPath(params JsonName[] names)
    {
        Names = names;
        _openingAt = new int[names.Length + 1];
        var opening = new List<byte>();
        for (int i = 0; i < names.Length; i++)
        {
            _openingAt[i] = opening.Count;
            opening.AddRange(names[i].Utf8);
            opening.Add((byte)'{');
        }

        _openingAt[names.Length] = opening.Count;
        _opening = [.. opening];
    }

    public JsonName[] Names { get; }

    public int Depth => Names.Length;

    /// <summary>The bytes that open the objects below the first <paramref name="depth"/> (already open).</summary>
    public ReadOnlySpan<byte> OpeningBelow(int depth) => _opening.AsSpan(_openingAt[depth]);

    /// <summary>How many of the outermost objects this path and <paramref name="other"/> share.</summary>
    public int CommonDepth(JsonPath other)
    {
        var mine = Names;
        var theirs = other.Names;
        int common = 0;
        int most = Math.Min(mine.Length, theirs.Length);
        while (common < most && ReferenceEquals(mine[common], theirs[common])) common++;
        return common;
    }

    public override string ToString() => string.Join('.', Names.Select(n => n.Name));
}
