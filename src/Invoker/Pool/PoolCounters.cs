namespace OpenWhisk.Invoker.Pool;

/// <summary>What the pool has done so far; updated by the pool's loop, readable from anywhere.</summary>
public sealed class PoolCounters
{
    private long coldStarts;
    private long prewarmStarts;
    private long warmStarts;
    private long evictions;
    private long bufferedMax;
    private long prepared;
    private long preparationsSkipped;
    private long waitedForPreparation;

    /// <summary>Gets the activations that started a new container (counted where they ran, so a rescheduled one counts once).</summary>
    public long ColdStarts => Interlocked.Read(ref coldStarts);

    /// <summary>Gets the activations that took a stem cell.</summary>
    public long PrewarmStarts => Interlocked.Read(ref prewarmStarts);

    /// <summary>Gets the activations that reused a warm container.</summary>
    public long WarmStarts => Interlocked.Read(ref warmStarts);

    /// <summary>Gets the idle containers removed to make room.</summary>
    public long Evictions => Interlocked.Read(ref evictions);

    /// <summary>Gets the longest the run buffer has been.</summary>
    public long BufferedMax => Interlocked.Read(ref bufferedMax);

    /// <summary>Gets the containers prepared with an action ahead of its predicted arrival (the scheduling policy's plan).</summary>
    public long Preparations => Interlocked.Read(ref prepared);

    /// <summary>Gets the planned preparations not done because memory was short or activations waited for room.</summary>
    public long PreparationsSkipped => Interlocked.Read(ref preparationsSkipped);

    /// <summary>
    /// Gets the activations that arrived while their container was being prepared and waited for it (counted among the
    /// warm starts, as OpenWhisk counts an activation that waits for a container another one started: no init of its own).
    /// </summary>
    public long WaitedForPreparation => Interlocked.Read(ref waitedForPreparation);

    internal void WaitedForPreparations(int count) => Interlocked.Add(ref waitedForPreparation, count);

    internal void Prepared() => Interlocked.Increment(ref prepared);

    internal void PreparationSkipped() => Interlocked.Increment(ref preparationsSkipped);

    internal void ColdStarted() => Interlocked.Increment(ref coldStarts);

    internal void PrewarmStarted() => Interlocked.Increment(ref prewarmStarts);

    internal void WarmStarted() => Interlocked.Increment(ref warmStarts);

    internal void Evicted() => Interlocked.Increment(ref evictions);

    internal void Buffered(int length)
    {
        long current;
        while ((current = Interlocked.Read(ref bufferedMax)) < length && Interlocked.CompareExchange(ref bufferedMax, length, current) != current)
        {
        }
    }
}
