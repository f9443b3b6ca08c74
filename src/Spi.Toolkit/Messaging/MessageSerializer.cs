using System.Text.Json;

namespace OpenWhisk.Spi.Toolkit.Messaging;

/// <summary>Turns bus messages into UTF-8 JSON and back, in OpenWhisk's shapes.</summary>
public static class MessageSerializer
{
    /// <summary>Serializes a message to UTF-8 JSON.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="message">The message.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Serialize<T>(T message) => JsonSerializer.SerializeToUtf8Bytes(message, OpenWhiskJson.Options);

    /// <summary>Parses a message from UTF-8 JSON.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="bytes">The bytes.</param>
    /// <returns>The message.</returns>
    /// <exception cref="JsonException">The bytes are not a valid message.</exception>
    public static T Deserialize<T>(ReadOnlyMemory<byte> bytes) =>
        JsonSerializer.Deserialize<T>(bytes.Span, OpenWhiskJson.Options) ?? throw new JsonException("Empty message.");
}
