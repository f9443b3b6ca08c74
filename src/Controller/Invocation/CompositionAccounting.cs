namespace OpenWhisk.Controller.Invocation;

/// <summary>
/// Invocation counts shared by a composition and the compositions nested in it: at most n components and 2n + 1
/// conductor runs (n = the sequence length limit), so a composition may do what a sequence of n actions does.
/// </summary>
public sealed class CompositionAccounting
{
    private int components;
    private int conductors;

    public int Components => Volatile.Read(ref components);

    public int Conductors => Volatile.Read(ref conductors);

    public void CountComponent() => Interlocked.Increment(ref components);

    public void CountConductor() => Interlocked.Increment(ref conductors);
}
