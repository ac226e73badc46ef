using System.Text;
using ElbLogProcessor.Events;

namespace ElbLogProcessor.Tests;

/// <summary>Event ids as the function makes them, to find a given line's event in what a server received.</summary>
internal static class EventIds
{
    /// <summary>The id of the line of <paramref name="source"/> starting at <paramref name="byteOffset"/>.</summary>
    public static string EventIdFor(this LogSource source, long byteOffset) => Encoding.ASCII.GetString(source.EventIdPrefix) + byteOffset;
}
