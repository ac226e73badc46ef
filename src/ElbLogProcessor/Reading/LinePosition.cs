namespace ElbLogProcessor.Reading;

/// <summary>Where a line sits in its source: 1-based number and offset of its first byte.</summary>
internal readonly record struct LinePosition(long LineNumber, long ByteOffset);
