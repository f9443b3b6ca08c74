using System.Text.Json;
using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Controller.Invocation;

/// <summary>
/// The running account of one sequence or composition: its activation id and start, the component activation ids
/// so far, the summed component durations and the largest component memory.
/// </summary>
public sealed class CompositeRun(string activationId, InvocationRequest request, ResolvedAction action, DateTimeOffset start, bool isComposition)
{
    private readonly List<string> logs = [];

    public string ActivationId { get; } = activationId;

    public InvocationRequest Request { get; } = request;

    public ResolvedAction Action { get; } = action;

    public DateTimeOffset Start { get; } = start;

    public bool IsComposition { get; } = isComposition;

    public IReadOnlyList<string> Logs => logs;

    public long Duration { get; private set; }

    public int? MaxMemoryMb { get; private set; } = isComposition ? action.Action.Limits.MemoryMb : null;

    /// <summary>Counts a finished component: its id, duration and memory.</summary>
    public void Add(ActivationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        logs.Add(record.ActivationId);
        Duration += record.Duration ?? (record.End - record.Start);
        if (record.Annotations.FirstOrDefault(a => a.Key == "limits")?.Value is { ValueKind: JsonValueKind.Object } limits
            && limits.TryGetProperty("memory", out var memory) && memory.TryGetInt32(out var mb))
        {
            MaxMemoryMb = Math.Max(MaxMemoryMb ?? 0, mb);
        }
    }

    /// <summary>Counts a component that did not finish in time: only its id.</summary>
    public void AddUnfinished(string activationId) => logs.Add(activationId);
}
