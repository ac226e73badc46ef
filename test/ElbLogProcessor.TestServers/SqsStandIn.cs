using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ElbLogProcessor.TestServers;

/// <summary>
/// A Kestrel server on 127.0.0.1 that answers as Amazon SQS does for AWSSDK.SQS 4, which speaks the
/// AWS JSON 1.0 protocol (<c>POST /</c>, <c>X-Amz-Target: AmazonSQS.&lt;Action&gt;</c>): SendMessage,
/// SendMessageBatch, ReceiveMessage (with visibility timeouts), ChangeMessageVisibility, DeleteMessage,
/// DeleteMessageBatch, GetQueueAttributes. Body digests are the MD5s the SDK checks. Queues are made by name on first use.
/// </summary>
public sealed class SqsStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Queue> _queues = new();

    private SqsStandIn(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Entries of SendMessageBatch to refuse (by message body), as SQS does under throttling; each is refused once.</summary>
    public Func<string, bool>? RefuseOnce { get; set; }

    public static async Task<SqsStandIn> StartAsync()
    {
        var app = LoopbackKestrel.Create();
        var server = new SqsStandIn(app);
        app.MapPost("/", server.HandleAsync);
        server.Endpoint = await LoopbackKestrel.StartAsync(app);
        return server;
    }

    /// <summary>The URL of queue <paramref name="name"/> (account 123456789012).</summary>
    public string QueueUrl(string name) => new Uri(Endpoint, $"123456789012/{name}").ToString();

    /// <summary>Bodies of the messages now in the queue, visible or not.</summary>
    public IReadOnlyList<string> Messages(string queueUrl) => [.. QueueOf(queueUrl).All().Select(m => m.Body)];

    /// <summary>Puts a message in the queue directly (as Lambda puts an on-failure record); returns its id.</summary>
    public string Put(string queueUrl, string body) => QueueOf(queueUrl).Add(body).Id;

    /// <summary>Calls made, by action.</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new();

    /// <summary>An AWSSDK.SQS client for this server.</summary>
    public Amazon.SQS.IAmazonSQS CreateClient() => new Amazon.SQS.AmazonSQSClient(new Amazon.Runtime.BasicAWSCredentials("AKIDTEST", "test"),
        new Amazon.SQS.AmazonSQSConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = "us-east-1" });

    private Queue QueueOf(string url) => _queues.GetOrAdd(new Uri(url).AbsolutePath.TrimEnd('/'), _ => new Queue());

    private async Task HandleAsync(HttpContext context)
    {
        var action = context.Request.Headers["X-Amz-Target"].ToString().Replace("AmazonSQS.", "", StringComparison.Ordinal);
        Calls.AddOrUpdate(action, 1, (_, n) => n + 1);
        var request = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        var queue = QueueOf(request["QueueUrl"]!.GetValue<string>());
        JsonObject response;
        switch (action)
        {
            case "SendMessage":
                var sent = queue.Add(request["MessageBody"]!.GetValue<string>());
                response = new JsonObject { ["MessageId"] = sent.Id, ["MD5OfMessageBody"] = Md5(sent.Body) };
                break;
            case "SendMessageBatch":
                var successful = new JsonArray();
                var failed = new JsonArray();
                foreach (var entry in request["Entries"]!.AsArray())
                {
                    var body = entry!["MessageBody"]!.GetValue<string>();
                    var id = entry["Id"]!.GetValue<string>();
                    if (RefuseOnce?.Invoke(body) == true && queue.RefusedOnce.TryAdd(body, 0))
                    {
                        failed.Add(new JsonObject { ["Id"] = id, ["SenderFault"] = false, ["Code"] = "ThrottlingException", ["Message"] = "Rate exceeded" });
                        continue;
                    }

                    var message = queue.Add(body);
                    successful.Add(new JsonObject { ["Id"] = id, ["MessageId"] = message.Id, ["MD5OfMessageBody"] = Md5(body) });
                }

                response = new JsonObject { ["Successful"] = successful, ["Failed"] = failed };
                break;
            case "ReceiveMessage":
                int max = request["MaxNumberOfMessages"]?.GetValue<int>() ?? 1;
                int visibility = request["VisibilityTimeout"]?.GetValue<int>() ?? 30;
                var messages = new JsonArray();
                foreach (var m in queue.Receive(max, TimeSpan.FromSeconds(visibility)))
                    messages.Add(new JsonObject { ["MessageId"] = m.Id, ["ReceiptHandle"] = m.Receipt, ["MD5OfBody"] = Md5(m.Body), ["Body"] = m.Body });
                response = new JsonObject { ["Messages"] = messages };
                break;
            case "DeleteMessage":
                queue.Delete(request["ReceiptHandle"]!.GetValue<string>());
                response = [];
                break;
            case "DeleteMessageBatch":
                var deleted = new JsonArray();
                foreach (var entry in request["Entries"]!.AsArray())
                {
                    queue.Delete(entry!["ReceiptHandle"]!.GetValue<string>());
                    deleted.Add(new JsonObject { ["Id"] = entry["Id"]!.GetValue<string>() });
                }

                response = new JsonObject { ["Successful"] = deleted, ["Failed"] = new JsonArray() };
                break;
            case "ChangeMessageVisibility":
                queue.ChangeVisibility(request["ReceiptHandle"]!.GetValue<string>(), TimeSpan.FromSeconds(request["VisibilityTimeout"]!.GetValue<int>()));
                response = [];
                break;
            case "GetQueueAttributes":
                response = new JsonObject { ["Attributes"] = new JsonObject { ["ApproximateNumberOfMessages"] = queue.All().Count.ToString() } };
                break;
            default:
                context.Response.StatusCode = 400;
                response = new JsonObject { ["__type"] = "com.amazon.coral.service#UnknownOperationException", ["message"] = action };
                break;
        }

        context.Response.ContentType = "application/x-amz-json-1.0";
        await context.Response.WriteAsync(response.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string Md5(string body) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(body))).ToLowerInvariant();

    private sealed record Message(string Id, string Body)
    {
        public string Receipt { get; set; } = "";
        public DateTimeOffset InvisibleUntil { get; set; }
    }

    private sealed class Queue
    {
        private readonly List<Message> _messages = [];

        public ConcurrentDictionary<string, byte> RefusedOnce { get; } = new();

        public Message Add(string body)
        {
            var message = new Message(Guid.NewGuid().ToString(), body);
            lock (_messages) _messages.Add(message);
            return message;
        }

        public List<Message> All()
        {
            lock (_messages) return [.. _messages];
        }

        public List<Message> Receive(int max, TimeSpan visibility)
        {
            var now = DateTimeOffset.UtcNow;
            lock (_messages)
            {
                var visible = _messages.Where(m => m.InvisibleUntil <= now).Take(max).ToList();
                foreach (var m in visible)
                {
                    m.Receipt = Guid.NewGuid().ToString("N");
                    m.InvisibleUntil = now + visibility;
                }

                return visible;
            }
        }

        public void ChangeVisibility(string receipt, TimeSpan visibility)
        {
            lock (_messages)
                foreach (var m in _messages.Where(m => m.Receipt == receipt)) m.InvisibleUntil = DateTimeOffset.UtcNow + visibility;
        }

        public void Delete(string receipt)
        {
            lock (_messages) _messages.RemoveAll(m => m.Receipt == receipt);
        }
    }
}
