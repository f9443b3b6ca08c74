using System.Globalization;

namespace OpenWhisk.Spi.Toolkit.Containers;

/// <summary>
/// OpenWhisk's container names, unique within their owner: <c>&lt;owner&gt;_&lt;n&gt;_&lt;namespace&gt;_&lt;action&gt;</c> for a
/// container created for an action, <c>&lt;owner&gt;_&lt;n&gt;_prewarm_&lt;kind&gt;</c> for a stem cell. Of the namespace, the
/// action and the kind only ASCII letters, digits and underscores are kept.
/// </summary>
public static class ContainerNames
{
    /// <summary>The name of a container created for an action.</summary>
    /// <param name="owner">The owner (an invoker's or a balancer's name), which starts every name it gives.</param>
    /// <param name="number">The owner's counter for this container.</param>
    /// <param name="namespaceName">The invoking namespace.</param>
    /// <param name="actionName">The action's name (without its package).</param>
    /// <returns>The name.</returns>
    public static string ForAction(string owner, long number, string namespaceName, string actionName) =>
        string.Create(CultureInfo.InvariantCulture, $"{owner}_{number}_{Sanitize(namespaceName)}_{Sanitize(actionName)}");

    /// <summary>The name of a stem cell.</summary>
    /// <param name="owner">The owner, which starts every name it gives.</param>
    /// <param name="number">The owner's counter for this container.</param>
    /// <param name="kind">The stem cell's kind, for example <c>nodejs:20</c>.</param>
    /// <returns>The name.</returns>
    public static string ForStemCell(string owner, long number, string kind) =>
        string.Create(CultureInfo.InvariantCulture, $"{owner}_{number}_prewarm_{Sanitize(kind)}");

    /// <summary>Keeps the ASCII letters, digits and underscores of <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>What a container name may hold of it.</returns>
    public static string Sanitize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Create(text.Count(IsKept), text, static (span, source) =>
        {
            var next = 0;
            foreach (var c in source)
            {
                if (IsKept(c))
                {
                    span[next++] = c;
                }
            }
        });
    }

    private static bool IsKept(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
