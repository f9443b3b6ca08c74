using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OpenWhisk.Controller.Invocation;

/// <summary>
/// Random 128-bit identifiers as 32 lowercase hexadecimal characters (transaction ids), or 48 bits of time followed by 80
/// random bits (activation ids), from the system's cryptographic generator. Each thread draws 512 bytes at a time and hands out 16 of them per id, so a request
/// that takes two ids calls the generator once in sixteen requests instead of twice, and allocates only the strings.
/// </summary>
internal static class RandomHexIds
{
    private const int IdBytes = 16;
    private const int TimeBytes = 6;
    private const int DrawBytes = 32 * IdBytes;

    [ThreadStatic]
    private static byte[]? drawn;

    [ThreadStatic]
    private static int taken;

    /// <summary>A new identifier; no two calls hand out the same bytes.</summary>
    /// <returns>32 lowercase hexadecimal characters.</returns>
    public static string Next() => Next(null);

    /// <summary>
    /// A new identifier whose first 12 characters are <paramref name="unixMilliseconds"/> (big-endian), followed by 80
    /// random bits: identifiers made later sort after earlier ones, so a store's index on them grows at its end.
    /// </summary>
    /// <param name="unixMilliseconds">The time of making, in milliseconds since 1970.</param>
    /// <returns>32 lowercase hexadecimal characters.</returns>
    public static string NextOrdered(long unixMilliseconds) => Next(unixMilliseconds);

    private static string Next(long? unixMilliseconds)
    {
        var buffer = drawn;
        if (buffer is null || taken == DrawBytes)
        {
            buffer = drawn ??= new byte[DrawBytes];
            RandomNumberGenerator.Fill(buffer);
            taken = 0;
        }

        var bytes = buffer.AsSpan(taken, IdBytes);
        taken += IdBytes;
        if (unixMilliseconds is { } time)
        {
            Span<byte> stamp = stackalloc byte[sizeof(long)];
            BinaryPrimitives.WriteInt64BigEndian(stamp, time);
            stamp[(sizeof(long) - TimeBytes)..].CopyTo(bytes);
        }

        var id = Convert.ToHexStringLower(bytes);

        // Handed out once: nothing of it stays behind.
        bytes.Clear();
        return id;
    }
}
