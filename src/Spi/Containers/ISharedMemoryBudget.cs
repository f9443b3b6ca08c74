namespace OpenWhisk.Spi.Containers;

/// <summary>
/// Memory that several owners of containers in one process share, so that together they never hold more than it:
/// in the standalone platform, the in-process invoker's pool and a balancer that runs containers itself
/// (<c>direct</c>). The host registers one when such owners can meet; an owner joins it once and from then on keeps
/// its holding up to date through its <see cref="IMemoryBudgetShare"/>. Thread-safe.
/// </summary>
public interface ISharedMemoryBudget
{
    /// <summary>Gets the memory all holders together may hold, in megabytes.</summary>
    int TotalMb { get; }

    /// <summary>Gets the memory all holders hold now, in megabytes.</summary>
    int HeldMb { get; }

    /// <summary>
    /// Joins the budget with a holding of zero. The budget calls <paramref name="holder"/> back when others free
    /// memory or need some; it never calls back while it holds its own lock, so a holder may call its share from
    /// the callbacks.
    /// </summary>
    /// <param name="name">What the holder is, for logs (for example <c>invoker pool wsk0</c>).</param>
    /// <param name="holder">The holder's callbacks.</param>
    /// <returns>The holder's share; disposing it leaves the budget and frees what it held.</returns>
    IMemoryBudgetShare Join(string name, IMemoryBudgetHolder holder);
}
