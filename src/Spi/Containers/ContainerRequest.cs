using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Spi.Containers;

/// <summary>What a container factory needs to create and start one action container.</summary>
public sealed record ContainerRequest
{
    /// <summary>
    /// Gets the container name, <c>&lt;owner&gt;_&lt;n&gt;_&lt;suffix&gt;</c>, for example <c>wsk0_17_guest_hello</c>.
    /// </summary>
    public required string Name { get; init; }

    /// <summary>
    /// Gets the owner prefix (for example <c>wsk0</c> for invoker 0). Containers carry it so that
    /// <see cref="IContainerFactory.CleanupAsync"/> can remove exactly the leftovers of this owner.
    /// </summary>
    public required string Owner { get; init; }

    /// <summary>Gets the activation kind the container runs (for example <c>nodejs:20</c>, or <c>blackbox</c>), if known.</summary>
    public string? Kind { get; init; }

    /// <summary>
    /// Gets the fully qualified name of the action the container is created for (<c>namespace/package/name</c>), or
    /// <see langword="null"/> for a stem cell, which belongs to no action yet.
    /// </summary>
    public string? ActionName { get; init; }

    /// <summary>Gets the image to run.</summary>
    public required string Image { get; init; }

    /// <summary>Gets a value indicating whether the image was named by the user (a blackbox action).</summary>
    public bool UserProvidedImage { get; init; }

    /// <summary>Gets the memory limit in megabytes; swap is limited to the same amount.</summary>
    public required int MemoryMb { get; init; }

    /// <summary>Gets the relative CPU weight.</summary>
    public int CpuShares { get; init; } = 1024;

    /// <summary>Gets extra environment variables for the container process.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Gets the log driver and options to create the container with, as the configured log store asks
    /// (<see cref="Logs.ILogStore.ContainerLogging"/>), or <see langword="null"/> to keep the runtime's default driver.
    /// </summary>
    public Logs.ContainerLogConfiguration? Logging { get; init; }

    /// <summary>
    /// Gets a value indicating whether the platform reads the container's log for its activations' logs (the log store
    /// collects them, <see cref="Logs.ILogStore.CollectsLogs"/>). Only then may a factory carry the lines another way
    /// than the engine's log, as long as the container's log reader hands out the same lines; otherwise they must reach
    /// the engine's log, where something outside the platform takes them.
    /// </summary>
    public bool LogsCollected { get; init; }

    /// <summary>Gets the transaction that caused the creation, if any (a prewarm has none).</summary>
    public TransactionId? TransactionId { get; init; }

    /// <summary>
    /// Returns OpenWhisk's CPU weight for a container: 1024 shares divided by how many containers of this memory fit in
    /// the memory they share, at least 2, so that CPU is shared in proportion to memory.
    /// </summary>
    /// <param name="memoryMb">The container's memory.</param>
    /// <param name="totalMemoryMb">The memory all containers of the pool (or budget) share.</param>
    /// <returns>The shares.</returns>
    public static int CpuSharesFor(int memoryMb, int totalMemoryMb) =>
        Math.Max(1024 / Math.Max(1, totalMemoryMb / Math.Max(1, memoryMb)), 2);
}
