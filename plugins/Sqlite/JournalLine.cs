using System.Runtime.CompilerServices;
using System.Text.Json;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Sqlite;

/// <summary>
/// The text of a journal note: one JSON object on one line,
/// <c>{"deadline":…,"controller":"…","namespace":"…","activationId":"…","fallback":{…}}</c>. Reading takes the keys
/// and the deadline and checks that the fallback is whole; the fallback record itself is read only when needed.
/// </summary>
internal static class JournalLine
{
    private static readonly JsonEncodedText DeadlineName = JsonEncodedText.Encode("deadline");
    private static readonly JsonEncodedText ControllerName = JsonEncodedText.Encode("controller");
    private static readonly JsonEncodedText NamespaceName = JsonEncodedText.Encode("namespace");
    private static readonly JsonEncodedText ActivationIdName = JsonEncodedText.Encode("activationId");
    private static readonly JsonEncodedText FallbackName = JsonEncodedText.Encode("fallback");

    /// <summary>Writes a note of <paramref name="fallback"/>.</summary>
    /// <exception cref="DocumentRefusedException">The record holds what JSON text cannot.</exception>
    public static void Write(Utf8JsonWriter writer, long deadline, string controller, ActivationRecord fallback)
    {
        WriteStart(writer, deadline, controller, fallback.Namespace, fallback.ActivationId);
        try
        {
            JsonSerializer.Serialize(writer, fallback, OpenWhiskJson.Options);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            throw new DocumentRefusedException("The accepted activation cannot be written as JSON: " + exception.Message, exception);
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads one line; false for anything that is not a whole note (the rest of a torn line).</summary>
    /// <param name="line">The line, newline excluded.</param>
    /// <param name="offset">Where it starts in its segment.</param>
    /// <param name="previous">The note read before it, whose controller and namespace strings it shares when they are equal.</param>
    /// <param name="note">The note.</param>
    /// <remarks>Compiled optimized at once: a sweep runs every half minute, too seldom for tiered compilation to get to it.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryRead(ReadOnlySpan<byte> line, long offset, JournalNote? previous, out JournalNote? note)
    {
        note = null;
        long? deadline = null;
        string? controller = null, ns = null, id = null;
        var fallback = false;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                reader.Read();
                if (name.SequenceEqual(DeadlineName.EncodedUtf8Bytes))
                {
                    deadline = reader.GetInt64();
                }
                else if (name.SequenceEqual(ControllerName.EncodedUtf8Bytes))
                {
                    controller = previous is not null && reader.ValueTextEquals(previous.Controller) ? previous.Controller : reader.GetString();
                }
                else if (name.SequenceEqual(NamespaceName.EncodedUtf8Bytes))
                {
                    ns = previous is not null && reader.ValueTextEquals(previous.Namespace) ? previous.Namespace : reader.GetString();
                }
                else if (name.SequenceEqual(ActivationIdName.EncodedUtf8Bytes))
                {
                    id = reader.GetString();
                }
                else
                {
                    // Walked through (not kept): a fallback cut short by a failed write makes the line no note.
                    fallback |= name.SequenceEqual(FallbackName.EncodedUtf8Bytes) && reader.TokenType == JsonTokenType.StartObject;
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                return false;
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }

        if (deadline is null || controller is null || ns is null || id is null || !fallback)
        {
            return false;
        }

        note = new JournalNote(deadline.Value, controller, ns, id, offset, line.Length);
        return true;
    }

    /// <summary>Reads the fallback record of a note's line, if the line is that note's.</summary>
    /// <param name="line">The line, newline excluded.</param>
    /// <param name="note">The note it should be (a segment rewritten by another process may hold another line there now).</param>
    /// <returns>The record, or null when the line is not that note's.</returns>
    public static ActivationRecord? ReadFallback(ReadOnlySpan<byte> line, JournalNote note)
    {
        if (!TryRead(line, note.Offset, null, out var read) || read!.Key != note.Key)
        {
            return null;
        }

        var reader = new Utf8JsonReader(line);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isFallback = reader.ValueTextEquals(FallbackName.EncodedUtf8Bytes);
            reader.Read();
            if (isFallback)
            {
                return JsonSerializer.Deserialize<ActivationRecord>(ref reader, OpenWhiskJson.Options);
            }

            reader.Skip();
        }

        return null;
    }

    private static void WriteStart(Utf8JsonWriter writer, long deadline, string controller, string ns, string id)
    {
        writer.WriteStartObject();
        writer.WriteNumber(DeadlineName, deadline);
        writer.WriteString(ControllerName, controller);
        writer.WriteString(NamespaceName, ns);
        writer.WriteString(ActivationIdName, id);
        writer.WritePropertyName(FallbackName);
    }
}
