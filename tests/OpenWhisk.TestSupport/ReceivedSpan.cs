namespace OpenWhisk.TestSupport;

/// <summary>One span as <see cref="OtlpTraceReceiver"/> decoded it.</summary>
public sealed record ReceivedSpan(string Service, string TraceId, string SpanId, string ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes);
