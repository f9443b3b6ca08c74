namespace OpenWhisk.Controller.Tests.Support;

/// <summary>One span as <see cref="OtlpTraceReceiver"/> decoded it.</summary>
internal sealed record ReceivedSpan(string Service, string TraceId, string SpanId, string ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes);
