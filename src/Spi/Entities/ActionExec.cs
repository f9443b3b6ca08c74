using System.Text.Json.Serialization;

namespace OpenWhisk.Spi.Entities;

/// <summary>
/// What an action runs: a runtime kind with source or zipped code, a Docker image (<c>blackbox</c>), or other
/// actions one after the other (<c>sequence</c>, run by the controller). Serialized as OpenWhisk's <c>exec</c> object.
/// </summary>
public sealed record ActionExec
{
    /// <summary>The kind for actions that run a user-provided Docker image.</summary>
    public const string BlackboxKind = "blackbox";

    /// <summary>The kind of a sequence: the controller invokes its components one after the other.</summary>
    public const string SequenceKind = "sequence";

    /// <summary>Gets the runtime kind, for example <c>nodejs:20</c>, <c>python:3</c> or <c>blackbox</c>.</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>Gets the source text, or base64 of a zip archive when <see cref="Binary"/> is set.</summary>
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    /// <summary>Gets the Docker image of a blackbox action.</summary>
    [JsonPropertyName("image")]
    public string? Image { get; init; }

    /// <summary>
    /// Gets a value indicating whether <see cref="Code"/> is base64 of an archive: false unless set, null (not written)
    /// for a sequence.
    /// </summary>
    [JsonPropertyName("binary")]
    public bool? Binary { get; init; } = false;

    /// <summary>Gets the name of the entry function, when it is not <c>main</c>.</summary>
    [JsonPropertyName("main")]
    public string? Main { get; init; }

    /// <summary>
    /// Gets the components of a sequence, fully qualified with a leading slash (<c>/ns/action</c>,
    /// <c>/ns/pkg/action</c>); null for other kinds.
    /// </summary>
    [JsonPropertyName("components")]
    public IReadOnlyList<string>? Components { get; init; }

    /// <summary>Gets a value indicating whether <see cref="Code"/> is base64 of an archive.</summary>
    [JsonIgnore]
    public bool IsBinary => Binary == true;

    /// <summary>Gets a value indicating whether the action is a sequence.</summary>
    [JsonIgnore]
    public bool IsSequence => string.Equals(Kind, SequenceKind, StringComparison.Ordinal);

    /// <summary>Gets a value indicating whether the action runs a user-provided image.</summary>
    [JsonIgnore]
    public bool IsBlackbox => string.Equals(Kind, BlackboxKind, StringComparison.Ordinal);
}
