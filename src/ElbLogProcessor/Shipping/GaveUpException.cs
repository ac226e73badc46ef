namespace ElbLogProcessor.Shipping;

/// <summary>The rest of the run fails fast: Logstash has failed too many batches in a row.</summary>
internal sealed class GaveUpException(int batchesInARow) : Exception($"gave up: {batchesInARow} batches in a row failed every attempt");
