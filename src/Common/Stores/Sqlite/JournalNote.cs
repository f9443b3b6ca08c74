using System.Text.Json.Serialization;
using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Common.Stores.Sqlite;

/// <summary>One line of the journal's segment files: an accepted activation with what ends it if nothing else does.</summary>
/// <param name="Deadline">When it is overdue, in epoch milliseconds.</param>
/// <param name="Controller">The controller that accepted it.</param>
/// <param name="Fallback">The record stored if none is stored by the deadline.</param>
internal sealed record JournalNote(long Deadline, string Controller, ActivationRecord Fallback)
{
    /// <summary>Gets the key the activation is stored under.</summary>
    [JsonIgnore]
    public (string Namespace, string ActivationId) Key => (Fallback.Namespace, Fallback.ActivationId);
}
