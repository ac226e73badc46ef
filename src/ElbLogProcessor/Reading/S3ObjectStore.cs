using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using ElbLogProcessor.Failures;
using Polly;
using Polly.Retry;

namespace ElbLogProcessor.Reading;

/// <summary>
/// Reads S3 objects as streams, incrementally (headers first). When the connection drops mid-object, the read
/// resumes with a range GET from the last byte consumed, with <c>If-Match</c> on the ETag so that a changed object
/// fails loudly instead of mixing two versions. Connecting and each resume are retried by one Polly pipeline, built
/// once per store: at most <c>maxResumes</c> retries in a row without a byte read, with backoff. Below the
/// gzip decoder, so a resumed gzip object simply continues its compressed stream.
/// </summary>
internal sealed class S3ObjectStore : IObjectStore
{
    public const int DefaultMaxResumes = 3;

    private readonly IAmazonS3 _s3;
    private readonly ResiliencePipeline _resume;

    public S3ObjectStore(IAmazonS3 s3, int maxResumes = DefaultMaxResumes)
    {
        _s3 = s3;
        _resume = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = maxResumes,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // Only a dropped transfer (or a 5xx) is resumed.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is
                    IOException or HttpRequestException or AmazonServiceException { StatusCode: >= HttpStatusCode.InternalServerError }),
            })
            .Build();
    }

    public async Task<OpenedObject> OpenAsync(ObjectLocation location, long fromByte, CancellationToken cancellationToken)
    {
        var stream = new ResumableObjectStream(this, location, fromByte);
        await stream.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return new OpenedObject(stream, stream.ETag, stream.ObjectLength);
    }

    /// <summary>Builds the GET for <paramref name="location"/> from <paramref name="offset"/>.</summary>
    internal static GetObjectRequest Request(ObjectLocation location, string? eTag, long offset)
    {
        var request = new GetObjectRequest { BucketName = location.Bucket, Key = location.Key };
        if (location.VersionId is not null) request.VersionId = location.VersionId;
        if (eTag is not null) request.EtagToMatch = $"\"{eTag.Trim('"')}\"";
        // Always a range, also from byte 0: the SDK then skips its managed whole-object MD5 check,
        // measured at ~15% of the function's CPU (TLS already protects the transfer, If-Match the version).
        request.ByteRange = new ByteRange($"bytes={offset}-");
        return request;
    }

    private sealed class ResumableObjectStream(S3ObjectStore store, ObjectLocation location, long offset) : ReadOnlyStream
    {
        private GetObjectResponse? _response;
        private string? _eTag = location.ETag;
        private bool _connected;
        private bool _broke;
        private long _position = offset;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        /// <summary>The ETag of the version being read, known once connected.</summary>
        public string? ETag => _eTag;

        /// <summary>The whole object's size in bytes, known once connected.</summary>
        public long? ObjectLength { get; private set; }

        /// <summary>Connects (retried by the store's pipeline).</summary>
        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            var attempts = new Attempts();
            try
            {
                await store._resume.ExecuteAsync(static async (state, ct) =>
                {
                    state.Attempts.Count++;
                    await state.Stream.GetAsync(ct).ConfigureAwait(false);
                }, (Stream: this, Attempts: attempts), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AmazonServiceException or IOException or HttpRequestException)
            {
                throw Failure(e, attempts.Count);
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // The common case reads straight from the transfer; only a broken one goes through the resume pipeline.
            if (_response is { } response)
            {
                try
                {
                    int n = await response.ResponseStream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                    _position += n;
                    return n;
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    response.Dispose();
                    _response = null;
                    _broke = true;
                }
            }

            var attempts = new Attempts();
            try
            {
                return await store._resume.ExecuteAsync(static async (state, ct) =>
                {
                    state.Attempts.Count++;
                    return await state.Stream.ReconnectAndReadAsync(state.Buffer, ct).ConfigureAwait(false);
                }, (Stream: this, Attempts: attempts, Buffer: buffer), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AmazonServiceException or IOException or HttpRequestException)
            {
                throw Failure(e, attempts.Count);
            }
        }

        private async ValueTask<int> ReconnectAndReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            if (_response is null) await GetAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                int n = await _response!.ResponseStream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                _position += n;
                return n;
            }
            catch
            {
                // The transfer broke again: the next attempt reconnects at _position.
                _response?.Dispose();
                _response = null;
                throw;
            }
        }

        private async Task GetAsync(CancellationToken cancellationToken)
        {
            GetObjectResponse response;
            try
            {
                response = await store._s3.GetObjectAsync(Request(location, _eTag, _position), cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                // The range starts at the object's end: an empty object, or a hand-over that stopped
                // right after the last line. (A changed object fails If-Match first, with 412.)
                response = new GetObjectResponse { ResponseStream = Stream.Null, ETag = _eTag };
            }

            // Every later range must come from this very version of the object.
            _eTag ??= response.ETag?.Trim('"');
            ObjectLength ??= _position + response.Headers.ContentLength;
            _connected = true;
            _response = response;
        }

        private IOException Failure(Exception e, int attempts)
        {
            string cause = FailureCause.Of(e) ?? e.Message;
            string reason = e switch
            {
                AmazonServiceException { StatusCode: HttpStatusCode.PreconditionFailed } =>
                    $"the object changed while it was being read (ETag {_eTag} no longer matches)",
                AmazonServiceException { StatusCode: HttpStatusCode.NotFound } => "no such object",
                AmazonServiceException { StatusCode: HttpStatusCode.Forbidden } => "access denied",
                _ when !_connected => $"{cause} ({attempts} attempts)",
                _ when _broke => $"the transfer broke {attempts + 1} times in a row: {cause}",
                _ => cause,
            };
            return new IOException($"{location} at byte {_position}: {reason}", e);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _response?.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Attempts of one execution of the pipeline, for the failure's message (the pipeline decides how many).</summary>
    private sealed class Attempts
    {
        public int Count;
    }
}
