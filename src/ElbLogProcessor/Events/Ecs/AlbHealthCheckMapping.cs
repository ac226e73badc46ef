using System.Text.Json;
using ElbLogProcessor.LogKinds;
using ElbLogProcessor.Parsing;
using static ElbLogProcessor.Events.Ecs.EcsNames;

namespace ElbLogProcessor.Events.Ecs;

/// <summary>ALB health check logs: the check's outcome, duration and reason as ECS's event fields, the target as the access logs' backend.</summary>
internal sealed class AlbHealthCheckMapping : EcsMapping
{
    private readonly int _type, _latency, _target, _targetGroup, _status, _statusCode, _reasonCode, _elb, _ipAddress;

    public AlbHealthCheckMapping() : base(AlbHealthCheckLog.Kind, "time")
    {
        _type = Field("type");
        _latency = Field("latency");
        _target = Field("target_addr");
        _targetGroup = Field("target_group_id");
        _status = Field("status");
        _statusCode = Field("status_code");
        _reasonCode = Field("reason_code");
        _elb = Field("elb");
        _ipAddress = Field("ip_address");
    }

    public override void WriteAws(ref EcsDocument doc, scoped in EcsLine line)
    {
        doc.StatusCode(AwsElbBackendHttpResponse, StatusCode, line, _statusCode);
        bool targetIsAddress = line.Has(_target) && !line.Raw(_target).StartsWith("arn:"u8);
        if (targetIsAddress) doc.IpAndPort(AwsElbBackend, line, _target, portAsNumber: false);
        doc.Text(AwsElb, Name, line, _elb);
        doc.Text(AwsElb, Status, line, _status);
        if (!targetIsAddress) doc.Text(AwsElb, TargetAddr, line, _target);
        doc.Text(AwsElb, TargetGroupId, line, _targetGroup);
        doc.Text(AwsElb, EcsNames.Type, line, _type);
    }

    public override JsonEncodedText Category(scoped in EcsLine line) => NetworkValue;

    public override void WriteEventBeforeCommon(ref EcsDocument doc, scoped in EcsLine line)
    {
        if (line.Has(_latency) && DecimalText.TryNanoseconds(line.Raw(_latency), out long nanoseconds)) doc.Number(Event, Duration, nanoseconds);
    }

    public override void WriteEventAfterCommon(ref EcsDocument doc, scoped in EcsLine line)
    {
        doc.OutcomeOfWord(line, _status, "PASS"u8, "FAIL"u8);
        doc.Text(Event, Reason, line, _reasonCode);
        doc.OneValueArray(Event, EcsNames.Type, InfoValue);
    }

    public override void WriteObserverAndSource(ref EcsDocument doc, scoped in EcsLine line) => doc.IpAddress(Observer, line, _ipAddress);
}
