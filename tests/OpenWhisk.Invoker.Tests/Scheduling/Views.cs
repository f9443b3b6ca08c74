using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Invoker.Tests.Scheduling;

/// <summary>Hand-built pool views for testing policies without a pool.</summary>
internal static class Views
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static ActionKey Key(string name, string invocationNamespace = "guest") =>
        new(invocationNamespace, "guest/" + name, SemVer.Initial, "1");

    public static PoolContainer Warm(int id, string action, int activeCount = 0, int maxConcurrent = 1, int memoryMb = 256, double idleSeconds = 0, PoolEntryKind kind = PoolEntryKind.Warmed) =>
        new(id, kind, Key(action), null, memoryMb, activeCount, maxConcurrent, Now.AddSeconds(-idleSeconds), null);

    public static PoolContainer StemCell(int id, string kind = "nodejs:20", int memoryMb = 256, double? expiresInSeconds = null) =>
        new(id, PoolEntryKind.Prewarmed, null, kind, memoryMb, 0, 1, Now, expiresInSeconds is { } s ? Now.AddSeconds(s) : null);

    public static PoolView View(params PoolContainer[] containers) =>
        new(Now, containers, 2048, containers.Sum(c => c.MemoryMb), 0, 0);

    public static PlacementRequest Request(string action, string? runtimeKind = "nodejs:20", int memoryMb = 256, DateTimeOffset? arrived = null, bool retry = false) =>
        new(Key(action), runtimeKind, memoryMb, 1, arrived ?? Now, retry);
}
