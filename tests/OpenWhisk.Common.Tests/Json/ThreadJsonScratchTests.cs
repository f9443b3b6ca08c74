using System.Buffers;
using System.Text;
using System.Text.Json;
using OpenWhisk.Common.Json;
using OpenWhisk.Spi;

namespace OpenWhisk.Common.Tests.Json;

[TestFixture]
public sealed class ThreadJsonScratchTests
{
    [Test]
    public void Writes_one_value_per_use_with_nothing_left_from_the_use_before()
    {
        var first = ThreadJsonScratch.ToArray("a long first value", static (writer, text) => writer.WriteStringValue(text));
        var second = ThreadJsonScratch.ToArray(7, static (writer, number) => writer.WriteNumberValue(number));

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(first), Is.EqualTo("\"a long first value\""));
            Assert.That(Encoding.UTF8.GetString(second), Is.EqualTo("7"));
        });
    }

    [Test]
    public void Keeps_characters_as_OpenWhisk_writes_them()
    {
        var json = ThreadJsonScratch.ToArray("<é & 😀>", static (writer, text) => writer.WriteStringValue(text));

        Assert.That(Encoding.UTF8.GetString(json), Is.EqualTo(JsonSerializer.Serialize("<é & 😀>", OpenWhiskJson.Options)).And.Contains("<é &"));
    }

    [Test]
    public void A_use_inside_another_gets_its_own_writer()
    {
        var outer = ThreadJsonScratch.ToArray(0, static (writer, _) =>
        {
            writer.WriteStartObject();
            var inner = ThreadJsonScratch.ToArray(0, static (innerWriter, _) => innerWriter.WriteStringValue("inner"));
            writer.WriteString("nested", Encoding.UTF8.GetString(inner));
            writer.WriteEndObject();
        });

        Assert.That(Encoding.UTF8.GetString(outer), Is.EqualTo("{\"nested\":\"\\\"inner\\\"\"}"));
    }

    [Test]
    public void A_write_that_throws_leaves_the_scratch_usable()
    {
        Assert.Throws<InvalidOperationException>(() => ThreadJsonScratch.ToArray(0, static (writer, _) =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("open");
            throw new InvalidOperationException("the caller failed half-way");
        }));

        var after = ThreadJsonScratch.ToArray(true, static (writer, value) => writer.WriteBooleanValue(value));

        Assert.That(Encoding.UTF8.GetString(after), Is.EqualTo("true"));
    }

    [Test]
    public void Large_values_come_out_whole_and_small_ones_after_them_too()
    {
        var large = new string('x', 200_000);

        var big = ThreadJsonScratch.ToArray(large, static (writer, text) => writer.WriteStringValue(text));
        var small = ThreadJsonScratch.ToArray("s", static (writer, text) => writer.WriteStringValue(text));

        Assert.Multiple(() =>
        {
            Assert.That(big, Has.Length.EqualTo(large.Length + 2));
            Assert.That(JsonSerializer.Deserialize<string>(big), Is.EqualTo(large));
            Assert.That(Encoding.UTF8.GetString(small), Is.EqualTo("\"s\""));
        });
    }

    [Test]
    public void A_rented_copy_holds_the_value_at_its_start()
    {
        var (rented, length) = ThreadJsonScratch.ToRented(new[] { 1, 2, 3 }, static (writer, numbers) =>
        {
            writer.WriteStartArray();
            foreach (var number in numbers)
            {
                writer.WriteNumberValue(number);
            }

            writer.WriteEndArray();
        });
        try
        {
            Assert.That(Encoding.UTF8.GetString(rented, 0, length), Is.EqualTo("[1,2,3]"));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    [Test]
    public async Task Threads_writing_at_once_each_get_their_own_values()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(thread => Task.Run(() =>
        {
            var wrong = 0;
            for (var i = 0; i < 2000; i++)
            {
                var text = thread + ":" + i;
                var json = ThreadJsonScratch.ToArray(text, static (writer, value) => writer.WriteStringValue(value));
                wrong += Encoding.UTF8.GetString(json) == "\"" + text + "\"" ? 0 : 1;
            }

            return wrong;
        })));

        Assert.That(results.Sum(), Is.Zero);
    }
}
