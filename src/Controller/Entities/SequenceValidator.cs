using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Invocation;

namespace OpenWhisk.Controller.Entities;

/// <summary>
/// OpenWhisk's checks before a sequence is stored: one to <see cref="LimitsOptions.SequenceMaxLength"/> components,
/// every component an existing action (through packages and bindings), no component that is, or contains, the
/// sequence itself, and at most that many primitive actions once nested sequences are counted through.
/// </summary>
public sealed class SequenceValidator(ActionResolver resolver, IOptions<LimitsOptions> limits)
{
    public async Task ValidateAsync(QualifiedName sequence, IReadOnlyList<string> components, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(components);
        var max = limits.Value.SequenceMaxLength;
        if (components.Count > max)
        {
            throw ApiException.BadRequest(ApiMessages.SequenceIsTooLong);
        }

        if (components.Count == 0)
        {
            throw ApiException.BadRequest(ApiMessages.SequenceNoComponent);
        }

        if (await CountAtomicAsync(sequence.DocId, components, 0, cancellationToken) > max)
        {
            throw ApiException.BadRequest(ApiMessages.SequenceIsTooLong);
        }
    }

    private async Task<int> CountAtomicAsync(string origin, IReadOnlyList<string> components, int depth, CancellationToken cancellationToken)
    {
        var max = limits.Value.SequenceMaxLength;
        if (components.Count > max || depth > max)
        {
            throw ApiException.BadRequest(ApiMessages.SequenceIsTooLong);
        }

        var counts = await Task.WhenAll(components.Select(async component =>
        {
            var resolved = QualifiedName.TryParse(component, out var name)
                ? await resolver.ResolveAsync(name, cached: false, cancellationToken)
                : null;
            if (resolved is null)
            {
                throw ApiException.BadRequest(ApiMessages.SequenceComponentNotFound);
            }

            if (resolved.Action.FullyQualifiedName == origin)
            {
                throw ApiException.BadRequest(ApiMessages.SequenceIsCyclic);
            }

            return resolved.Action.Exec.Components is { } nested
                ? await CountAtomicAsync(origin, nested, depth + 1, cancellationToken)
                : 1;
        }));
        return counts.Sum();
    }
}
