namespace ElbLogProcessor.Shipping;

/// <summary>How events are framed in a batch body.</summary>
internal enum BatchFraming
{
    /// <summary><c>[e1,e2,...]</c>: what the Logstash HTTP input's json codec splits into events.</summary>
    JsonArray,

    /// <summary><c>e1\ne2\n</c>: NDJSON, for stdout and files.</summary>
    Ndjson,
}
