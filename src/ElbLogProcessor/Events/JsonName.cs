using System.Text.Json;

namespace ElbLogProcessor.Events;

/// <summary>A property name encoded once, as the bytes <c>"Name":</c>.</summary>
internal sealed class JsonName
{
    public JsonName(string name)
    {
        Name = name;
        var encoded = JsonEncodedText.Encode(name, EventJson.Encoder).EncodedUtf8Bytes;
        Utf8 = [(byte)'"', .. encoded, (byte)'"', (byte)':'];
    }

    public string Name { get; }

    /// <summary><c>"Name":</c> in UTF-8.</summary>
    public byte[] Utf8 { get; }

    public override string ToString() => Name;
}
