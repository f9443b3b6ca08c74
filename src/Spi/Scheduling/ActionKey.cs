using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Spi.Scheduling;

/// <summary>
/// Identifies the code a warm container holds: the invocation namespace and the exact action revision.
/// </summary>
/// <param name="InvocationNamespace">The namespace of the caller (not the action owner).</param>
/// <param name="FullyQualifiedName">The action's <c>namespace[/package]/name</c>.</param>
/// <param name="Version">The action's version.</param>
/// <param name="Revision">The stored revision, so that a deleted and recreated action does not match.</param>
public readonly record struct ActionKey(string InvocationNamespace, string FullyQualifiedName, SemVer Version, string Revision);
