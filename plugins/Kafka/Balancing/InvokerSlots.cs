namespace OpenWhisk.Plugins.Kafka.Balancing;

/// <summary>
/// One invoker's capacity as this controller sees it (OpenWhisk's NestedSemaphore): memory permits in MB, and for
/// actions with intra-container concurrency a pool of concurrency slots per action, so that N activations of an
/// action with concurrency N take the memory of one container.
/// </summary>
public sealed class InvokerSlots(int memoryMb)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ActionSlots> actions = new(StringComparer.Ordinal);
    private int freeMemoryMb = memoryMb;
    private int capacityMb = memoryMb;

    /// <summary>Gets this controller's share of the invoker's memory.</summary>
    public int CapacityMb
    {
        get
        {
            lock (gate)
            {
                return capacityMb;
            }
        }
    }

    /// <summary>Gets the memory not yet given out (negative after forced acquisitions).</summary>
    public int FreeMemoryMb
    {
        get
        {
            lock (gate)
            {
                return freeMemoryMb;
            }
        }
    }

    /// <summary>
    /// Changes this controller's share (controllers joined or left); what is in use stays in use, so a smaller
    /// share may leave the free memory negative until activations finish.
    /// </summary>
    public void Resize(int newCapacityMb)
    {
        lock (gate)
        {
            freeMemoryMb += newCapacityMb - capacityMb;
            capacityMb = newCapacityMb;
        }
    }

    /// <summary>Takes a slot for one activation if there is room.</summary>
    public bool TryAcquire(string action, int maxConcurrent, int memoryMb) => Acquire(action, maxConcurrent, memoryMb, force: false);

    /// <summary>Takes a slot even without room (the system is overloaded).</summary>
    public void ForceAcquire(string action, int maxConcurrent, int memoryMb) => Acquire(action, maxConcurrent, memoryMb, force: true);

    /// <summary>Gives back the slot of one finished activation.</summary>
    public void Release(string action, int maxConcurrent, int memoryMb)
    {
        lock (gate)
        {
            if (maxConcurrent <= 1)
            {
                freeMemoryMb += memoryMb;
                return;
            }

            if (!actions.TryGetValue(action, out var slots))
            {
                return;
            }

            slots.InUse--;
            slots.Free++;
            if (slots.Free >= maxConcurrent)
            {
                slots.Free -= maxConcurrent;
                freeMemoryMb += memoryMb;
            }

            if (slots.InUse == 0 && slots.Free == 0)
            {
                actions.Remove(action);
            }
        }
    }

    private bool Acquire(string action, int maxConcurrent, int memoryMb, bool force)
    {
        lock (gate)
        {
            if (maxConcurrent <= 1)
            {
                if (freeMemoryMb < memoryMb && !force)
                {
                    return false;
                }

                freeMemoryMb -= memoryMb;
                return true;
            }

            if (!actions.TryGetValue(action, out var slots))
            {
                slots = new ActionSlots();
                actions.Add(action, slots);
            }

            if (slots.Free > 0)
            {
                slots.Free--;
                slots.InUse++;
                return true;
            }

            if (freeMemoryMb < memoryMb && !force)
            {
                if (slots.InUse == 0)
                {
                    actions.Remove(action);
                }

                return false;
            }

            freeMemoryMb -= memoryMb;
            slots.Free += maxConcurrent - 1;
            slots.InUse++;
            return true;
        }
    }

    private sealed class ActionSlots
    {
        public int Free { get; set; }

        public int InUse { get; set; }
    }
}
