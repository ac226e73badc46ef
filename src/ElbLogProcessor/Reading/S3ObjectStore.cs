using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using ElbLogProcessor.Invocation;
using ElbLogProcessor.Summary;
using Polly;
using Polly.Retry;

namespace ElbLogProcessor.Reading;

/// <summary>
/// Reads S3 objects as streams, incrementally (headers first). When the connection drops
/// mid-object, the read resumes with a range GET from the last byte consumed, with
/// <c>If-Match</c> on the ETag so that a changed object fails loudly instead of mixing two
/// versions; at most <see cref="MaxResumes"/> times per object. Below the gzip decoder, so a
/// resumed gzip object simply continues its compressed stream.
/// </summary>
internal sealed class S3ObjectStore(IAmazonS3 s3, int maxResumes = S3ObjectStore.DefaultMaxResumes) : IObjectStore
{
    public const int DefaultMaxResumes = 3;

    public int MaxResumes => maxResumes;

    public async Task<OpenedObject> OpenAsync(ObjectReference reference, long rawOffset, CancellationToken cancellationToken)
    {
        var stream = new ResumableObjectStream(s3, reference, rawOffset, maxResumes);
        await stream.OpenAsync(cancellationToken).ConfigureAwait(false);
        return new OpenedObject(stream, stream.ETag);
    }

    /// <summary>Builds the GET for <paramref name="reference"/> from <paramref name="offset"/>.</summary>
    internal static GetObjectRequest Request(ObjectReference reference, string? eTag, long offset)
    {
        var request = new GetObjectRequest { BucketName = reference.Bucket, Key = reference.Key };
        if (reference.VersionId is not null) request.VersionId = reference.VersionId;
        if (eTag is not null) request.EtagToMatch = $"\"{eTag.Trim('"')}\"";
        // Always a range, also from byte 0: the SDK then skips its managed whole-object MD5 check,
        // measured at ~15% of the function's CPU (TLS already protects the transfer, If-Match the version).
        request.ByteRange = new ByteRange($"bytes={offset}-");
        return request;
    }

    private sealed class ResumableObjectStream : ReadOnlyStream
    {
        private readonly IAmazonS3 _s3;
        private readonly ObjectReference _reference;
        private readonly int _maxResumes;
        private readonly ResiliencePipeline _resume;
        private GetObjectResponse? _response;
        private string? _eTag;
        private bool _connected;
        private long _position;
        private int _resumes;

        public ResumableObjectStream(IAmazonS3 s3, ObjectReference reference, long offset, int maxResumes)
        {
            _s3 = s3;
            _reference = reference;
            _position = offset;
            _eTag = reference.ETag;
            _maxResumes = maxResumes;
            _resume = new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = maxResumes,
                    Delay = TimeSpan.FromMilliseconds(200),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    // Only a dropped transfer (or a 5xx) is resumed, and only while resumes are left.
                    ShouldHandle = args => ValueTask.FromResult(_resumes < _maxResumes && args.Outcome.Exception is
                        IOException or HttpRequestException or AmazonServiceException { StatusCode: >= HttpStatusCode.InternalServerError }),
                    OnRetry = _ =>
                    {
                        _resumes++;
                        return default;
                    },
                })
                .Build();
        }

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        /// <summary>The ETag of the version being read, known once connected.</summary>
        public string? ETag => _eTag;

        public async Task OpenAsync(CancellationToken cancellationToken)
        {
            try
            {
                await _resume.ExecuteAsync(async ct => await ConnectAsync(ct).ConfigureAwait(false), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is AmazonServiceException or IOException or HttpRequestException)
            {
                throw Failure(e);
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
                    _resumes++;
                    if (_resumes > _maxResumes) throw Failure(e);
                }
            }

            try
            {
                return await _resume.ExecuteAsync(async ct =>
                {
                    if (_response is null) await ConnectAsync(ct).ConfigureAwait(false);
                    try
                    {
                        int n = await _response!.ResponseStream.ReadAsync(buffer, ct).ConfigureAwait(false);
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
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AmazonServiceException or IOException or HttpRequestException)
            {
                throw Failure(e);
            }
        }

        private async Task ConnectAsync(CancellationToken cancellationToken)
        {
            GetObjectResponse response;
            try
            {
                response = await _s3.GetObjectAsync(Request(_reference, _eTag, _position), cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                // The range starts at the object's end: an empty object, or a hand-over that stopped
                // right after the last line. (A changed object fails If-Match first, with 412.)
                response = new GetObjectResponse { ResponseStream = Stream.Null, ETag = _eTag };
            }

            // Every later range must come from this very version of the object.
            _eTag ??= response.ETag?.Trim('"');
            _connected = true;
            _response = response;
        }

        private IOException Failure(Exception e)
        {
            string cause = FailureCause.Of(e) ?? e.Message;
            string reason = e switch
            {
                AmazonServiceException { StatusCode: HttpStatusCode.PreconditionFailed } =>
                    $"the object changed while it was being read (ETag {_eTag} no longer matches)",
                AmazonServiceException { StatusCode: HttpStatusCode.NotFound } => "no such object",
                AmazonServiceException { StatusCode: HttpStatusCode.Forbidden } => "access denied",
                _ when !_connected => $"{cause} ({_resumes + 1} attempts)",
                _ when _resumes >= _maxResumes => $"the transfer broke {_resumes + 1} times: {cause}",
                _ => cause,
            };
            return new IOException($"{_reference} at byte {_position}: {reason}", e);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _response?.Dispose();
            base.Dispose(disposing);
        }
    }
}
