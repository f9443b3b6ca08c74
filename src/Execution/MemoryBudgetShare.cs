using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Execution;

/// <summary>One holder's share of a <see cref="SharedMemoryBudget"/>; its holding is guarded by the budget's lock.</summary>
internal sealed class MemoryBudgetShare(SharedMemoryBudget budget, string name, IMemoryBudgetHolder holder) : IMemoryBudgetShare
{
    /// <summary>Gets what the holder is, for logs.</summary>
    public string Name { get; } = name;

    /// <summary>Gets the holder's callbacks.</summary>
    public IMemoryBudgetHolder Holder { get; } = holder;

    /// <summary>Gets or sets the holding; read and written under the budget's lock only.</summary>
    public int Held { get; set; }

    /// <summary>Gets or sets the memory the holder asked the others for and has not got; under the budget's lock only.</summary>
    public int Wanted { get; set; }

    public int WantedByOthersMb => budget.WantedByOthers(this);

    public int HeldMb => budget.HeldOf(this);

    public int LimitMb => budget.LimitOf(this);

    public bool TryHold(int memoryMb) => budget.Set(this, Math.Max(0, memoryMb), force: false);

    public void Hold(int memoryMb) => budget.Set(this, Math.Max(0, memoryMb), force: true);

    public void AskOthersForRoom(int memoryMb) => budget.AskOthers(this, Math.Max(0, memoryMb));

    public void Dispose() => budget.Leave(this);

    public override string ToString() => Name;
}
