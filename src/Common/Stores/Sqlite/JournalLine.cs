using System.Runtime.CompilerServices;
using System.Text.Json;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Common.Stores.Sqlite;

/// <summary>
/// The text of a journal note: one JSON object on one line,
/// <c>{"deadline":…,"controller":"…","namespace":"…","activationId":"…","fallback":{…}}</c>. Reading takes the keys
/// and the deadline and keeps the fallback's bytes as they are.
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

    /// <summary>Writes <paramref name="note"/> again, as it was read.</summary>
    public static void Write(Utf8JsonWriter writer, JournalNote note)
    {
        WriteStart(writer, note.Deadline, note.Controller, note.Namespace, note.ActivationId);
        writer.WriteRawValue(note.FallbackJson.Span, skipInputValidation: true);
        writer.WriteEndObject();
    }

    /// <summary>Reads one line; false for anything that is not a whole note (the rest of a torn line).</summary>
    /// <remarks>Compiled optimized at once: a sweep runs every half minute, too seldom for tiered compilation to get to it.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryRead(ReadOnlySpan<byte> line, out JournalNote? note)
    {
        note = null;
        long? deadline = null;
        string? controller = null, ns = null, id = null;
        byte[]? fallback = null;
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
                    controller = reader.GetString();
                }
                else if (name.SequenceEqual(NamespaceName.EncodedUtf8Bytes))
                {
                    ns = reader.GetString();
                }
                else if (name.SequenceEqual(ActivationIdName.EncodedUtf8Bytes))
                {
                    id = reader.GetString();
                }
                else
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    if (name.SequenceEqual(FallbackName.EncodedUtf8Bytes))
                    {
                        fallback = line[start..(int)reader.BytesConsumed].ToArray();
                    }
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }

        if (deadline is null || controller is null || ns is null || id is null || fallback is null)
        {
            return false;
        }

        note = new JournalNote(deadline.Value, controller, ns, id, fallback);
        return true;
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
