using System.Text.Json.Serialization;

namespace OpenWhisk.Spi.Invokers;

/// <summary>Containers of one pool that hold the same action (or are stem cells of one kind) and share a state.</summary>
/// <param name="Action">The action they hold, <c>namespace/name</c> (null for stem cells).</param>
/// <param name="Kind">The runtime kind, for example <c>nodejs:20</c>.</param>
/// <param name="State">
/// One of <see cref="ContainerGroupStates"/>: <c>prewarm</c> (a stem cell), <c>starting</c>, <c>warm</c> (idle, running),
/// <c>paused</c> or <c>busy</c> (running an activation).
/// </param>
/// <param name="Count">How many containers.</param>
/// <param name="MemoryMb">The memory of each.</param>
public sealed record ContainerGroupStatus(
    [property: JsonPropertyName("action")] string? Action,
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("memoryMb")] int MemoryMb);
