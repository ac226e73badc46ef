using System.Text.Json;

namespace ElbLogProcessor.Events.Ecs;

/// <summary>
/// The names of the ECS events (docs/ecs-mapping.md), encoded once: the leaf names, and the object
/// paths they sit in (<see cref="JsonPath"/>), built of the same <see cref="JsonName"/> instances as every
/// other path that shares their start.
/// </summary>
internal static class EcsNames
{
    /// <summary>The ECS version the integration's pipeline writes (<c>ecs.version</c>), kept equal to it.</summary>
    public const string EcsVersion = "8.11.0";

    /// <summary>The integration's data stream dataset (<c>event.dataset</c>, <c>data_stream.dataset</c>).</summary>
    public const string Dataset = "aws.elb_logs";

    public static readonly JsonEncodedText EcsVersionValue = JsonEncodedText.Encode(EcsVersion);
    public static readonly JsonEncodedText DatasetValue = JsonEncodedText.Encode(Dataset);
    public static readonly JsonEncodedText EventKindValue = JsonEncodedText.Encode("event");
    public static readonly JsonEncodedText PipelineErrorValue = JsonEncodedText.Encode("pipeline_error");
    public static readonly JsonEncodedText WebValue = JsonEncodedText.Encode("web");
    public static readonly JsonEncodedText NetworkValue = JsonEncodedText.Encode("network");
    public static readonly JsonEncodedText ConnectionValue = JsonEncodedText.Encode("connection");
    public static readonly JsonEncodedText InfoValue = JsonEncodedText.Encode("info");
    public static readonly JsonEncodedText HttpValue = JsonEncodedText.Encode("http");
    public static readonly JsonEncodedText TcpValue = JsonEncodedText.Encode("tcp");
    public static readonly JsonEncodedText SuccessValue = JsonEncodedText.Encode("success");
    public static readonly JsonEncodedText FailureValue = JsonEncodedText.Encode("failure");
    public static readonly JsonEncodedText UnknownValue = JsonEncodedText.Encode("unknown");
    public static readonly JsonEncodedText PreserveOriginalTag = JsonEncodedText.Encode("preserve_original_event");
    public static readonly JsonEncodedText ParseFailureTag = JsonEncodedText.Encode("elb_parse_failure");
    public static readonly JsonEncodedText TruncatedTag = JsonEncodedText.Encode("elb_line_truncated");

    /// <summary>A cut line's whole length in bytes (<c>aws.elb.line_bytes</c>; MAX_LINE_BYTES).</summary>
    public static readonly JsonName LineBytes = new("line_bytes");

    // Leaf names (one instance per name, whatever object it is in).
    public static readonly JsonName Timestamp = new("@timestamp");
    public static readonly JsonName Name = new("name");
    public static readonly JsonName Type = new("type");
    public static readonly JsonName Protocol = new("protocol");
    public static readonly JsonName Listener = new("listener");
    public static readonly JsonName Ip = new("ip");
    public static readonly JsonName Port = new("port");
    public static readonly JsonName Address = new("address");
    public static readonly JsonName Bytes = new("bytes");
    public static readonly JsonName Domain = new("domain");
    public static readonly JsonName Sec = new("sec");
    public static readonly JsonName Ms = new("ms");
    public static readonly JsonName StatusCode = new("status_code");
    public static readonly JsonName Arn = new("arn");
    public static readonly JsonName Serial = new("serial");
    public static readonly JsonName TraceId = new("trace_id");
    public static readonly JsonName Id = new("id");
    public static readonly JsonName MatchedRulePriority = new("matched_rule_priority");
    public static readonly JsonName ActionExecuted = new("action_executed");
    public static readonly JsonName RedirectUrl = new("redirect_url");
    public static readonly JsonName Reason = new("reason");
    public static readonly JsonName TargetPort = new("target_port");
    public static readonly JsonName TargetStatusCode = new("target_status_code");
    public static readonly JsonName Classification = new("classification");
    public static readonly JsonName ClassificationReason = new("classification_reason");
    public static readonly JsonName ConnTraceId = new("conn_trace_id");
    public static readonly JsonName TransformedHost = new("transformed_host");
    public static readonly JsonName TransformedUri = new("transformed_uri");
    public static readonly JsonName RequestTransformStatus = new("request_transform_status");
    public static readonly JsonName TargetErrorCode = new("target_error_code");
    public static readonly JsonName ElbErrorCode = new("elb_error_code");
    public static readonly JsonName SslCipher = new("ssl_cipher");
    public static readonly JsonName SslProtocol = new("ssl_protocol");
    public static readonly JsonName SslNamedGroup = new("ssl_named_group");
    public static readonly JsonName IncomingTlsAlert = new("incoming_tls_alert");
    public static readonly JsonName AlpnFeProtocol = new("alpn_fe_protocol");
    public static readonly JsonName AlpnBeProtocol = new("alpn_be_protocol");
    public static readonly JsonName AlpnClientPreferenceList = new("alpn_client_preference_list");
    public static readonly JsonName TlsConnectionCreationTime = new("tls_connection_creation_time");
    public static readonly JsonName TlsVerifyStatus = new("tls_verify_status");
    public static readonly JsonName LeafClientCertValidity = new("leaf_client_cert_validity");
    public static readonly JsonName TargetAddr = new("target_addr");
    public static readonly JsonName TargetGroupId = new("target_group_id");
    public static readonly JsonName Status = new("status");
    public static readonly JsonName ExtraFields = new("extra_fields");
    public static readonly JsonName DatasetName = new("dataset");
    public static readonly JsonName Version = new("version");
    public static readonly JsonName Message = new("message");
    public static readonly JsonName Category = new("category");
    public static readonly JsonName Duration = new("duration");
    public static readonly JsonName End = new("end");
    public static readonly JsonName Kind = new("kind");
    public static readonly JsonName Original = new("original");
    public static readonly JsonName Outcome = new("outcome");
    public static readonly JsonName Start = new("start");
    public static readonly JsonName Method = new("method");
    public static readonly JsonName Path = new("path");
    public static readonly JsonName Offset = new("offset");
    public static readonly JsonName Tags = new("tags");
    public static readonly JsonName Cipher = new("cipher");
    public static readonly JsonName VersionProtocol = new("version_protocol");
    public static readonly JsonName Subject = new("subject");
    public static readonly JsonName NotBefore = new("not_before");
    public static readonly JsonName NotAfter = new("not_after");
    public static readonly JsonName SerialNumber = new("serial_number");
    public static readonly JsonName Extension = new("extension");
    public static readonly JsonName Fragment = new("fragment");
    public static readonly JsonName Query = new("query");
    public static readonly JsonName Scheme = new("scheme");
    public static readonly JsonName UserInfo = new("user_info");
    public static readonly JsonName Username = new("username");
    public static readonly JsonName Password = new("password");

    // Object names.
    private static readonly JsonName AwsObject = new("aws");
    private static readonly JsonName ElbObject = new("elb");
    private static readonly JsonName BackendObject = new("backend");
    private static readonly JsonName HttpObject = new("http");
    private static readonly JsonName ResponseObject = new("response");
    private static readonly JsonName RequestObject = new("request");
    private static readonly JsonName BodyObject = new("body");
    private static readonly JsonName TargetGroupObject = new("target_group");
    private static readonly JsonName ChosenCertObject = new("chosen_cert");
    private static readonly JsonName ErrorObject = new("error");
    private static readonly JsonName CloudObject = new("cloud");
    private static readonly JsonName DataStreamObject = new("data_stream");
    private static readonly JsonName DestinationObject = new("destination");
    private static readonly JsonName EcsObject = new("ecs");
    private static readonly JsonName EventObject = new("event");
    private static readonly JsonName LabelsObject = new("labels");
    private static readonly JsonName LogObject = new("log");
    private static readonly JsonName ObserverObject = new("observer");
    private static readonly JsonName SourceObject = new("source");
    private static readonly JsonName TlsObject = new("tls");
    private static readonly JsonName ClientObject = new("client");
    private static readonly JsonName X509Object = new("x509");
    private static readonly JsonName TraceObject = new("trace");
    private static readonly JsonName UrlObject = new("url");
    private static readonly JsonName UserAgentObject = new("user_agent");
    private static readonly JsonName RequestProcessingTime = new("request_processing_time");
    private static readonly JsonName BackendProcessingTime = new("backend_processing_time");
    private static readonly JsonName ResponseProcessingTime = new("response_processing_time");
    private static readonly JsonName ConnectionTime = new("connection_time");
    private static readonly JsonName TlsHandshakeTime = new("tls_handshake_time");

    // Paths, outermost first.
    public static readonly JsonPath Root = new();
    public static readonly JsonPath AwsOnly = new(AwsObject);
    public static readonly JsonPath AwsElb = new(AwsObject, ElbObject);
    public static readonly JsonPath AwsElbBackend = new(AwsObject, ElbObject, BackendObject);
    public static readonly JsonPath AwsElbBackendHttpResponse = new(AwsObject, ElbObject, BackendObject, HttpObject, ResponseObject);
    public static readonly JsonPath AwsElbRequestProcessingTime = new(AwsObject, ElbObject, RequestProcessingTime);
    public static readonly JsonPath AwsElbBackendProcessingTime = new(AwsObject, ElbObject, BackendProcessingTime);
    public static readonly JsonPath AwsElbResponseProcessingTime = new(AwsObject, ElbObject, ResponseProcessingTime);
    public static readonly JsonPath AwsElbConnectionTime = new(AwsObject, ElbObject, ConnectionTime);
    public static readonly JsonPath AwsElbTlsHandshakeTime = new(AwsObject, ElbObject, TlsHandshakeTime);
    public static readonly JsonPath AwsElbTargetGroup = new(AwsObject, ElbObject, TargetGroupObject);
    public static readonly JsonPath AwsElbChosenCert = new(AwsObject, ElbObject, ChosenCertObject);
    public static readonly JsonPath AwsElbError = new(AwsObject, ElbObject, ErrorObject);
    public static readonly JsonPath Cloud = new(CloudObject);
    public static readonly JsonPath DataStream = new(DataStreamObject);
    public static readonly JsonPath Destination = new(DestinationObject);
    public static readonly JsonPath Ecs = new(EcsObject);
    public static readonly JsonPath Error = new(ErrorObject);
    public static readonly JsonPath Event = new(EventObject);
    public static readonly JsonPath Http = new(HttpObject);
    public static readonly JsonPath HttpRequest = new(HttpObject, RequestObject);
    public static readonly JsonPath HttpRequestBody = new(HttpObject, RequestObject, BodyObject);
    public static readonly JsonPath HttpResponse = new(HttpObject, ResponseObject);
    public static readonly JsonPath HttpResponseBody = new(HttpObject, ResponseObject, BodyObject);
    public static readonly JsonPath Labels = new(LabelsObject);
    public static readonly JsonPath Log = new(LogObject);
    public static readonly JsonPath Observer = new(ObserverObject);
    public static readonly JsonPath Source = new(SourceObject);
    public static readonly JsonPath Tls = new(TlsObject);
    public static readonly JsonPath TlsClient = new(TlsObject, ClientObject);
    public static readonly JsonPath TlsClientX509 = new(TlsObject, ClientObject, X509Object);
    public static readonly JsonPath Trace = new(TraceObject);
    public static readonly JsonPath Url = new(UrlObject);
    public static readonly JsonPath UserAgent = new(UserAgentObject);
}
