using System.Buffers;
using System.Text;
using System.Text.Json;
using ElbLogProcessor.Events;
using ElbLogProcessor.Events.Ecs;

namespace ElbLogProcessor.Tests;

/// <summary>
/// The nested objects of ECS events are opened from the bytes each path encodes once and closed in one
/// write: moving between any two paths must leave well-formed JSON with every member where it belongs.
/// </summary>
[Trait("Category", Category.Unit)]
public class JsonPathTests
{
    private static readonly JsonName A = new("a"), B = new("b"), C = new("c"), D = new("d"), Leaf = new("x");

    [Fact]
    public void Opening_below_a_depth_is_the_tail_of_the_paths_bytes()
    {
        var path = new JsonPath(A, B, C);

        Assert.Equal("\"a\":{\"b\":{\"c\":{", Encoding.UTF8.GetString(path.OpeningBelow(0)));
        Assert.Equal("\"c\":{", Encoding.UTF8.GetString(path.OpeningBelow(2)));
        Assert.True(path.OpeningBelow(3).IsEmpty);
    }

    [Fact]
    public void Paths_share_the_objects_whose_names_are_the_same_instances()
    {
        var abc = new JsonPath(A, B, C);

        Assert.Equal(2, abc.CommonDepth(new JsonPath(A, B, D)));
        Assert.Equal(0, abc.CommonDepth(new JsonPath(D)));
        Assert.Equal(1, abc.CommonDepth(new JsonPath(A)));
        Assert.Equal(0, abc.CommonDepth(new JsonPath(new JsonName("a"))));   // an equal name is another object
    }

    [Fact]
    public void Closing_and_opening_in_one_write_each_makes_the_nested_document()
    {
        var output = new ArrayBufferWriter<byte>();
        var w = new JsonObjectWriter(output, EventJson.Encoder);
        w.WriteStartObject();
        w.WriteStartObjects(new JsonPath(A, B, C).OpeningBelow(0));
        w.WriteString(Leaf, "1"u8);
        w.WriteEndObjects(1);
        w.WriteStartObjects(new JsonPath(A, B, D).OpeningBelow(2));
        w.WriteString(Leaf, "2"u8);
        w.WriteEndObjects(3);
        w.WriteStartObjects(new JsonPath(D).OpeningBelow(0));
        w.WriteEndObjects(0);
        w.WriteString(Leaf, "3"u8);
        w.WriteEndObjects(1);
        w.WriteEndObject();
        w.Complete();

        var json = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.Equal("""{"a":{"b":{"c":{"x":"1"},"d":{"x":"2"}}},"d":{"x":"3"}}""", json);
        JsonDocument.Parse(json).Dispose();
    }
}
