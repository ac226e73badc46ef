namespace ElbLogProcessor.Reading;

/// <summary>A row of a Parquet object: its row group (0-based) and its place in it (0-based).</summary>
internal readonly record struct RowPosition(int RowGroup, long Row);
