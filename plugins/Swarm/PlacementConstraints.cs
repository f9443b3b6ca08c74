using Docker.DotNet.Models;

namespace OpenWhisk.Plugins.Swarm;

/// <summary>
/// Evaluates Swarm placement constraints (<c>attribute==value</c>, <c>attribute!=value</c>) against a node, for
/// capacity: <c>node.id</c>, <c>node.hostname</c>, <c>node.role</c>, <c>node.platform.os</c>, <c>node.platform.arch</c>,
/// <c>node.labels.&lt;name&gt;</c> and <c>engine.labels.&lt;name&gt;</c>. An attribute it does not know admits the
/// node (the scheduler still enforces it).
/// </summary>
internal static class PlacementConstraints
{
    public static bool Admit(NodeListResponse node, IEnumerable<string> constraints) => constraints.All(c => Admits(node, c));

    private static bool Admits(NodeListResponse node, string constraint)
    {
        var negated = constraint.Contains("!=", StringComparison.Ordinal);
        var parts = constraint.Split(negated ? "!=" : "==", 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            return true;
        }

        var actual = Attribute(node, parts[0]);
        if (actual is null && !parts[0].Contains(".labels.", StringComparison.Ordinal))
        {
            return true;
        }

        var equal = string.Equals(actual, parts[1], StringComparison.OrdinalIgnoreCase);
        return negated ? !equal : equal;
    }

    private static string? Attribute(NodeListResponse node, string name)
    {
        const string NodeLabels = "node.labels.";
        const string EngineLabels = "engine.labels.";
        if (name.StartsWith(NodeLabels, StringComparison.Ordinal))
        {
            return node.Spec?.Labels?.TryGetValue(name[NodeLabels.Length..], out var value) == true ? value : null;
        }

        if (name.StartsWith(EngineLabels, StringComparison.Ordinal))
        {
            return node.Description?.Engine?.Labels?.TryGetValue(name[EngineLabels.Length..], out var value) == true ? value : null;
        }

        return name switch
        {
            "node.id" => node.ID,
            "node.hostname" => node.Description?.Hostname,
            "node.role" => node.Spec?.Role,
            "node.platform.os" => node.Description?.Platform?.OS,
            "node.platform.arch" => node.Description?.Platform?.Architecture,
            _ => null,
        };
    }
}
