namespace ElbLogProcessor.Hosting;

/// <summary>Where a host reads log objects from.</summary>
internal enum ObjectSource
{
    /// <summary>No objects: the <c>process</c> command reads local files itself.</summary>
    None,

    /// <summary>Amazon S3 (or <c>AWS_ENDPOINT_URL_S3</c>).</summary>
    S3,

    /// <summary><c>bucket/key</c> as files below a folder (<c>invoke --local-root</c>).</summary>
    LocalFolder,
}
