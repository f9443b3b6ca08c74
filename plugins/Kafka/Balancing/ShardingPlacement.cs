namespace OpenWhisk.Plugins.Kafka.Balancing;

/// <summary>
/// OpenWhisk's sharding arithmetic (ShardingContainerPoolBalancer): an action's home invoker comes from
/// <c>abs(hash(namespace) ^ hash(action))</c> with Java's <c>String.hashCode</c>, and the probe sequence steps by a
/// number coprime to the number of invokers, so that every invoker is visited once.
/// </summary>
public static class ShardingPlacement
{
    /// <summary>Java's <c>String.hashCode</c>: <c>s[0]·31^(n−1) + … + s[n−1]</c> over UTF-16 units, with int overflow.</summary>
    public static int JavaHashCode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = 0;
        foreach (var c in text)
        {
            hash = unchecked((31 * hash) + c);
        }

        return hash;
    }

    /// <summary>
    /// OpenWhisk's <c>generateHash(namespace, fqn)</c>: <c>(hash(namespace) ^ hash(fqn)).abs</c>. As in Scala,
    /// the absolute value of <c>int.MinValue</c> stays negative; callers map it to index 0.
    /// </summary>
    /// <param name="invocationNamespace">The namespace of the caller.</param>
    /// <param name="fullyQualifiedName">The action without version, for example <c>guest/pkg/hello</c>.</param>
    /// <returns>The hash.</returns>
    public static int Hash(string invocationNamespace, string fullyQualifiedName)
    {
        var combined = JavaHashCode(invocationNamespace) ^ JavaHashCode(fullyQualifiedName);
        return combined == int.MinValue ? combined : Math.Abs(combined);
    }

    /// <summary>
    /// The step sizes for <paramref name="invokers"/> invokers: the numbers 1..n that are coprime to n and pairwise
    /// coprime with the ones chosen before them (n = 10 gives 1, 3, 7).
    /// </summary>
    public static IReadOnlyList<int> StepSizes(int invokers)
    {
        var steps = new List<int>();
        for (var candidate = 1; candidate <= invokers; candidate++)
        {
            if (Gcd(candidate, invokers) == 1 && steps.TrueForAll(step => Gcd(step, candidate) == 1))
            {
                steps.Add(candidate);
            }
        }

        return steps;
    }

    /// <summary>The home index and step of an action among <paramref name="invokers"/> invokers.</summary>
    public static (int Home, int Step) HomeAndStep(int hash, int invokers, IReadOnlyList<int> stepSizes)
    {
        ArgumentNullException.ThrowIfNull(stepSizes);
        var positive = hash < 0 ? 0 : hash;
        return (positive % invokers, stepSizes[positive % stepSizes.Count]);
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
