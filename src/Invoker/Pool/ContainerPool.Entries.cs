using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Invoker.Pool;

/// <summary>
/// The pool's entries with the indexes its decisions need: by proxy, by number, by the action they hold, the stem
/// cells, and the memory they hold, so that placing an activation looks at the action's own containers only.
/// </summary>
internal sealed partial class ContainerPool
{
    private sealed class PoolEntries
    {
        private readonly Dictionary<ContainerProxy, Entry> byProxy = [];
        private readonly Dictionary<int, Entry> byNumber = [];
        private readonly Dictionary<ActionKey, List<Entry>> byAction = [];
        private readonly List<Entry> stemCells = [];

        public int Count => byProxy.Count;

        /// <summary>Gets the memory the entries hold, in MB.</summary>
        public int MemoryMb { get; private set; }

        public Dictionary<ContainerProxy, Entry>.ValueCollection Values => byProxy.Values;

        /// <summary>Gets the stem cells ready to use.</summary>
        public List<Entry> StemCells => stemCells;

        public bool TryGetValue(ContainerProxy proxy, out Entry entry) => byProxy.TryGetValue(proxy, out entry!);

        public Entry? ByNumber(int number) => byNumber.GetValueOrDefault(number);

        /// <summary>The entries holding <paramref name="key"/>, in the order they came to hold it.</summary>
        public IReadOnlyList<Entry> Holding(ActionKey key) => byAction.TryGetValue(key, out var list) ? list : [];

        public void Add(Entry entry)
        {
            byProxy.Add(entry.Proxy, entry);
            byNumber.Add(entry.Proxy.Number, entry);
            MemoryMb += entry.MemoryMb;
            if (entry.Key is { } key)
            {
                Index(key, entry);
            }

            if (entry.Kind == PoolEntryKind.Prewarmed)
            {
                stemCells.Add(entry);
            }
        }

        public bool Remove(ContainerProxy proxy, out Entry entry)
        {
            if (!byProxy.Remove(proxy, out entry!))
            {
                return false;
            }

            byNumber.Remove(proxy.Number);
            MemoryMb -= entry.MemoryMb;
            if (entry.Key is { } key)
            {
                Unindex(key, entry);
            }

            if (entry.Kind == PoolEntryKind.Prewarmed)
            {
                stemCells.Remove(entry);
            }

            return true;
        }

        /// <summary>The entry now holds <paramref name="key"/>: a stem cell taken, or a container given another revision.</summary>
        public void Hold(Entry entry, ActionKey key)
        {
            if (entry.Kind == PoolEntryKind.Prewarmed)
            {
                stemCells.Remove(entry);
            }

            if (entry.Key == key)
            {
                return;
            }

            if (entry.Key is { } old)
            {
                Unindex(old, entry);
            }

            entry.Key = key;
            Index(key, entry);
        }

        public void Clear()
        {
            byProxy.Clear();
            byNumber.Clear();
            byAction.Clear();
            stemCells.Clear();
            MemoryMb = 0;
        }

        private void Index(ActionKey key, Entry entry)
        {
            if (!byAction.TryGetValue(key, out var list))
            {
                byAction[key] = list = [];
            }

            list.Add(entry);
        }

        private void Unindex(ActionKey key, Entry entry)
        {
            if (byAction.TryGetValue(key, out var list) && list.Remove(entry) && list.Count == 0)
            {
                byAction.Remove(key);
            }
        }
    }

    /// <summary>The pool as its policy sees it: lookups by action and the stem cells use the indexes; the whole list is made only if asked for.</summary>
    private sealed class EntriesView(PoolEntries entries, DateTimeOffset now, int capacityMb, int usedMemoryMb, int leavingMemoryMb, int bufferedJobs)
        : PoolView(now, capacityMb, usedMemoryMb, leavingMemoryMb, bufferedJobs)
    {
        private PoolContainer[]? all;

        public override IReadOnlyList<PoolContainer> Containers => all ??= Views(entries.Values);

        public override IReadOnlyList<PoolContainer> StemCells => Views(entries.StemCells);

        public override IReadOnlyList<PoolContainer> Holding(ActionKey action) => Views(entries.Holding(action));

        private static PoolContainer[] Views(IReadOnlyCollection<Entry> list)
        {
            if (list.Count == 0)
            {
                return [];
            }

            var views = new PoolContainer[list.Count];
            var i = 0;
            foreach (var entry in list)
            {
                views[i++] = entry.View();
            }

            return views;
        }
    }
}
