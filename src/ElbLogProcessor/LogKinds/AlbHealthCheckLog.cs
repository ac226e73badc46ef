using static ElbLogProcessor.LogKinds.Declare;
using static ElbLogProcessor.LogKinds.ValueKind;

namespace ElbLogProcessor.LogKinds;

/// <summary>
/// Application Load Balancer health check logs: 10 fields; AWS's examples (and older files) stop at 8, before
/// <c>elb</c> and <c>ip_address</c>. Names: the vended record's (<c>ALB_HEALTH_CHECK_LOGS</c>); no field is quoted.
/// </summary>
internal static class AlbHealthCheckLog
{
    public static readonly LogKind Kind = new()
    {
        Name = "healthcheck",
        LoadBalancerType = "application",
        LogType = "healthcheck",
        MetricName = "HealthCheckEvents",
        VendedLogType = "ALB_HEALTH_CHECK_LOGS",
        MinimumFields = 8,
        // type time latency target ...: a bare decimal third, where ALB access has the load balancer.
        Shape = new LineShape(TokenShape.Word, TokenShape.Timestamp, TokenShape.Decimal,
            FirstWords: ["http", "https", "h2", "grpc", "lambda"], ThirdMayBeDashWhenNamed: true),
        FileNamePrefixes = ["health_check_log_", "health_check_log."],
        Fields =
        [
            Field("type", Text, "RequestType"),
            Field("time", Timestamp, "EventReceivedTime", "@timestamp", "event.end"),
            Field("latency", Seconds, "TimeTaken", "event.duration"),
            Field("target_addr", Target, "InternalIpAndPort", "aws.elb.backend.ip", "aws.elb.backend.port", "aws.elb.target_addr"),
            Field("target_group_id", Text, "TargetGroupName"),
            Field("status", Text, "HealthCheckStatus", "aws.elb.status", "event.outcome"),
            Field("status_code", Text, "BackendStatus", "aws.elb.backend.http.response.status_code"),
            Field("reason_code", Text, "ReasonCode", "event.reason"),
            Field("elb", Text, "LoadBalancerName", "aws.elb.name"),
            Field("ip_address", Ip, "LoadBalancerNodeIp", "observer.ip"),
        ],
    };
}
