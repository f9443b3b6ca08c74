using System.Buffers;
using System.Text.Json;
using OpenWhisk.Spi;

namespace OpenWhisk.Common.Json;

/// <summary>
/// A JSON writer and its buffer kept per thread, for JSON built in one go and copied out at once (a response body, a
/// container call's body): each use would otherwise pay for a writer and for the kilobytes of room it asks for. Writes
/// with OpenWhisk's encoder (<see cref="OpenWhiskJson.Options"/>). A use inside another use on the same thread gets a
/// writer of its own; a buffer grown past 64 KB is not kept.
/// </summary>
public static class ThreadJsonScratch
{
    private const int MaxKeptBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? writer;

    [ThreadStatic]
    private static bool inUse;

    /// <summary>Writes JSON and returns it as a new array of its exact length.</summary>
    /// <typeparam name="TState">What the writing needs.</typeparam>
    /// <param name="state">What the writing needs.</param>
    /// <param name="write">Writes one JSON value.</param>
    /// <returns>The JSON text in UTF-8.</returns>
    public static byte[] ToArray<TState>(TState state, Action<Utf8JsonWriter, TState> write) =>
        Write(state, write, static bytes => bytes.ToArray());

    /// <summary>Writes JSON into an array rented from <see cref="ArrayPool{T}.Shared"/>; return it there once sent.</summary>
    /// <typeparam name="TState">What the writing needs.</typeparam>
    /// <param name="state">What the writing needs.</param>
    /// <param name="write">Writes one JSON value.</param>
    /// <returns>The rented array and the length of the JSON text at its start.</returns>
    public static (byte[] Rented, int Length) ToRented<TState>(TState state, Action<Utf8JsonWriter, TState> write) =>
        Write(state, write, static bytes =>
        {
            var rented = ArrayPool<byte>.Shared.Rent(bytes.Length);
            bytes.CopyTo(rented);
            return (rented, bytes.Length);
        });

    private static TResult Write<TState, TResult>(TState state, Action<Utf8JsonWriter, TState> write, Func<ReadOnlySpan<byte>, TResult> copy)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (inUse)
        {
            var own = new ArrayBufferWriter<byte>(512);
            using (var ownWriter = NewWriter(own))
            {
                write(ownWriter, state);
            }

            return copy(own.WrittenSpan);
        }

        inUse = true;
        var scratch = buffer ??= new ArrayBufferWriter<byte>(4096);
        scratch.ResetWrittenCount();
        var json = writer ??= NewWriter(scratch);
        json.Reset(scratch);
        try
        {
            write(json, state);
            json.Flush();
            return copy(scratch.WrittenSpan);
        }
        finally
        {
            json.Reset();
            if (scratch.Capacity > MaxKeptBytes)
            {
                buffer = null;
                writer = null;
            }

            inUse = false;
        }
    }

    private static Utf8JsonWriter NewWriter(IBufferWriter<byte> output) =>
        new(output, new JsonWriterOptions { Encoder = OpenWhiskJson.Options.Encoder });
}
