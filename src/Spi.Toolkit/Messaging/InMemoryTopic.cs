using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Spi.Toolkit.Messaging;

/// <summary>
/// One topic of the in-memory bus: an append-only log with Kafka-like consumer groups. Each group has a
/// committed offset and a next offset that its members share (they compete for messages); every group reads
/// every message. When the last member of a group leaves, uncommitted messages are handed out again.
/// </summary>
internal sealed class InMemoryTopic(string name, int maxMessages)
{
    private readonly Lock gate = new();
    private readonly List<ReadOnlyMemory<byte>> log = [];
    private readonly Dictionary<string, GroupState> groups = new(StringComparer.Ordinal);
    private long baseOffset;
    private TaskCompletionSource appended = NewSignal();

    public string Name { get; } = name;

    public long Append(ReadOnlyMemory<byte> message)
    {
        TaskCompletionSource toSignal;
        long offset;
        lock (gate)
        {
            offset = baseOffset + log.Count;
            log.Add(message);
            Trim();
            toSignal = appended;
            appended = NewSignal();
        }

        toSignal.TrySetResult();
        return offset;
    }

    public void Join(string groupId)
    {
        lock (gate)
        {
            if (!groups.TryGetValue(groupId, out var group))
            {
                group = new GroupState { Next = baseOffset, Committed = baseOffset };
                groups.Add(groupId, group);
            }

            group.Members++;
        }
    }

    public void Leave(string groupId)
    {
        lock (gate)
        {
            if (groups.TryGetValue(groupId, out var group) && --group.Members == 0)
            {
                group.Next = Math.Max(group.Committed, baseOffset);
            }
        }
    }

    /// <summary>Takes up to <paramref name="max"/> messages for a group, or returns the signal to wait on.</summary>
    public List<ConsumedMessage>? TryTake(string groupId, int max, out Task whenAppended)
    {
        lock (gate)
        {
            var group = groups[groupId];
            var available = (int)Math.Min(max, baseOffset + log.Count - group.Next);
            if (available <= 0)
            {
                whenAppended = appended.Task;
                return null;
            }

            var taken = new List<ConsumedMessage>(available);
            for (var i = 0; i < available; i++)
            {
                var offset = group.Next + i;
                taken.Add(new ConsumedMessage(Name, 0, offset, log[(int)(offset - baseOffset)]));
            }

            group.Next += available;
            whenAppended = Task.CompletedTask;
            return taken;
        }
    }

    public void Commit(string groupId, long nextOffset)
    {
        lock (gate)
        {
            var group = groups[groupId];
            group.Committed = Math.Max(group.Committed, nextOffset);
            Trim();
        }
    }

    /// <summary>The messages appended that the group has not taken yet.</summary>
    public long Waiting(string groupId)
    {
        lock (gate)
        {
            return groups.TryGetValue(groupId, out var group) ? Math.Max(0, baseOffset + log.Count - group.Next) : 0;
        }
    }

    public int Retained
    {
        get
        {
            lock (gate)
            {
                return log.Count;
            }
        }
    }

    private void Trim()
    {
        var drop = log.Count - maxMessages;
        if (groups.Count > 0)
        {
            var committedByAll = groups.Values.Min(g => g.Committed);
            drop = (int)Math.Max(drop, committedByAll - baseOffset);
        }

        if (drop <= 0)
        {
            return;
        }

        log.RemoveRange(0, drop);
        baseOffset += drop;
        foreach (var group in groups.Values)
        {
            group.Next = Math.Max(group.Next, baseOffset);
            group.Committed = Math.Max(group.Committed, baseOffset);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class GroupState
    {
        public long Next { get; set; }

        public long Committed { get; set; }

        public int Members { get; set; }
    }
}
