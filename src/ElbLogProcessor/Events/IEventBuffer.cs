using System.Buffers;

namespace ElbLogProcessor.Events;

/// <summary>A buffer events are written into one after the other (a batch): the writer ends each event it writes.</summary>
internal interface IEventBuffer : IBufferWriter<byte>
{
    /// <summary>Ends the event just written (adds the separator the framing wants).</summary>
    void EndEvent();
}
