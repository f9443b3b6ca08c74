using System.Diagnostics;
using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Bench.PoolSimulator;

/// <summary>Measures the time a scheduling policy spends deciding, call by call, and passes every call on.</summary>
internal sealed class TimedSchedulingPolicy(ISchedulingPolicy inner) : ISchedulingPolicy
{
    private long ticks;

    public long Decisions { get; private set; }

    /// <summary>Gets the mean time of one decision, in microseconds.</summary>
    public double MeanMicros => Decisions == 0 ? 0 : ticks * 1_000_000.0 / Stopwatch.Frequency / Decisions;

    public PoolContainer? SelectContainer(PoolView pool, PlacementRequest request) => Timed(() => inner.SelectContainer(pool, request));

    public IReadOnlyList<PoolContainer> SelectVictims(PoolView pool, int memoryMb) => Timed(() => inner.SelectVictims(pool, memoryMb));

    public IdlePlan PlanIdle(PoolView pool, PlacementRequest request, PoolContainer? container) => Timed(() => inner.PlanIdle(pool, request, container));

    public int DesiredStemCells(PoolView pool, StemCellDemand demand) => Timed(() => inner.DesiredStemCells(pool, demand));

    private T Timed<T>(Func<T> decide)
    {
        var start = Stopwatch.GetTimestamp();
        var result = decide();
        ticks += Stopwatch.GetTimestamp() - start;
        Decisions++;
        return result;
    }
}
