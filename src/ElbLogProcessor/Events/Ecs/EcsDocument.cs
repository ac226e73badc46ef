using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ElbLogProcessor.Events.Ecs;

/// <summary>
/// The cursor over one ECS event being written: which nested object is open, and members written into the object
/// their <see cref="JsonPath"/> names. Moving to another object closes what is open beyond the start both share and
/// opens the rest, so each object's members must be written together: the mappings write them in document order.
/// </summary>
internal ref struct EcsDocument
{
    /// <summary>The writer underneath, for what the cursor has no word for (arrays).</summary>
    public JsonObjectWriter Writer;

    // The object being written into (Root: the event itself).
    private JsonPath _open;

    /// <summary>Starts the event (<c>{</c>) in <paramref name="output"/>.</summary>
    public EcsDocument(IBufferWriter<byte> output)
    {
        Writer = new JsonObjectWriter(output, EventJson.Encoder);
        Writer.WriteStartObject();
        _open = EcsNames.Root;
    }

    /// <summary>Makes <paramref name="path"/> the object being written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enter(JsonPath path)
    {
        if (!ReferenceEquals(path, _open)) Move(path);   // most members follow one of the same object
    }

    public void String(JsonPath path, JsonName name, scoped ReadOnlySpan<byte> value)
    {
        Enter(path);
        Writer.WriteString(name, value);
    }

    public void String(JsonPath path, JsonName name, JsonEncodedText value)
    {
        Enter(path);
        Writer.WriteString(name, value);
    }

    /// <summary>A string decoded or rebuilt from the line (not copied from it): always checked for bytes to escape.</summary>
    public void StringChecked(JsonPath path, JsonName name, scoped ReadOnlySpan<byte> value)
    {
        Enter(path);
        Writer.WriteStringChecked(name, value);
    }

    public void Number(JsonPath path, JsonName name, long value)
    {
        Enter(path);
        Writer.WriteNumber(name, value);
    }

    /// <summary>A number already written as JSON number text.</summary>
    public void NumberText(JsonPath path, JsonName name, scoped ReadOnlySpan<byte> number)
    {
        Enter(path);
        Writer.WriteNumberText(name, number);
    }

    /// <summary>An array of one string (<c>event.category</c>, <c>event.type</c>, <c>tags</c>).</summary>
    public void OneValueArray(JsonPath path, JsonName name, JsonEncodedText value)
    {
        Enter(path);
        Writer.WriteStartArray(name);
        Writer.WriteStringValue(value.EncodedUtf8Bytes);
        Writer.WriteEndArray();
    }

    /// <summary>Members serialized once beforehand (a source's template), into <paramref name="path"/>.</summary>
    public void RawMembers(JsonPath path, scoped ReadOnlySpan<byte> members)
    {
        Enter(path);
        Writer.WriteRawMembers(members);
    }

    /// <summary>Closes every open object and the event, and hands the bytes to the output.</summary>
    public void End()
    {
        Enter(EcsNames.Root);
        Writer.WriteEndObject();
        Writer.Complete();
    }

    private void Move(JsonPath path)
    {
        int common = _open.CommonDepth(path);
        Writer.WriteEndObjects(_open.Depth - common);
        Writer.WriteStartObjects(path.OpeningBelow(common));
        _open = path;
    }
}
