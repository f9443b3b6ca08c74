using System.Text.Json;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Common.Stores.Sqlite;

/// <summary>
/// One line of the journal's segment files: an accepted activation with what ends it if nothing else does. The
/// fallback record stays the JSON it was written as until it is needed (only an overdue note needs it), so that a
/// sweep reading thousands of notes parses only their keys and deadlines.
/// </summary>
/// <param name="Deadline">When it is overdue, in epoch milliseconds.</param>
/// <param name="Controller">The controller that accepted it.</param>
/// <param name="Namespace">The activation's namespace.</param>
/// <param name="ActivationId">The activation id.</param>
/// <param name="FallbackJson">The record stored if none is stored by the deadline, as JSON.</param>
internal sealed record JournalNote(long Deadline, string Controller, string Namespace, string ActivationId, ReadOnlyMemory<byte> FallbackJson)
{
    /// <summary>Gets the key the activation is stored under.</summary>
    public (string Namespace, string ActivationId) Key => (Namespace, ActivationId);

    /// <summary>Reads the fallback record.</summary>
    /// <returns>The record.</returns>
    /// <exception cref="JsonException">The JSON is not a record.</exception>
    public ActivationRecord Fallback() =>
        JsonSerializer.Deserialize<ActivationRecord>(FallbackJson.Span, OpenWhiskJson.Options) ?? throw new JsonException("The fallback record is null.");
}
