using OpenWhisk.Controller.Tests.Support;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>The standalone platform with <c>Activations:Store=failures</c>: callers get every result, the store keeps failures only.</summary>
[TestFixture]
[NonParallelizable]
public sealed class StoreLevelStandaloneTests : StandaloneFixture
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Activations:Store"] = "failures",
    };

    [Test]
    public async Task Successes_answer_their_callers_without_a_stored_record_and_failures_are_stored()
    {
        Assert.That((await Guest.PutActionAsync("fine", "nodejs:20", "function main(p) { return { n: p.n }; }")).Status, Is.EqualTo(200));
        Assert.That((await Guest.PutActionAsync("broken", "nodejs:20", "function main() { return { error: 'no' }; }")).Status, Is.EqualTo(200));

        var blocking = await Guest.InvokeAsync("fine", new { n = 1 });
        var nonBlocking = await Guest.InvokeAsync("fine", new { n = 2 }, blocking: false);
        var failed = await Guest.InvokeAsync("broken");
        var failure = await Guest.WaitForRecordAsync(failed.Body.GetProperty("activationId").GetString()!);
        await Task.Delay(500);
        var blockingRecord = await Guest.GetJsonAsync("/api/v1/namespaces/_/activations/" + blocking.Body.GetProperty("activationId").GetString());
        var nonBlockingRecord = await Guest.GetJsonAsync("/api/v1/namespaces/_/activations/" + nonBlocking.Body.GetProperty("activationId").GetString());
        var listed = await Guest.GetJsonAsync("/api/v1/namespaces/_/activations");

        Assert.Multiple(() =>
        {
            Assert.That(blocking.Status, Is.EqualTo(200));
            Assert.That(blocking.Body.GetProperty("response").GetProperty("result").GetProperty("n").GetInt32(), Is.EqualTo(1), "the blocking caller gets its record in the answer");
            Assert.That(nonBlocking.Status, Is.EqualTo(202));
            Assert.That(failed.Status, Is.EqualTo(502));
            Assert.That(failure.GetProperty("response").GetProperty("status").GetString(), Is.EqualTo("application error"));
            Assert.That(blockingRecord.Status, Is.EqualTo(404));
            Assert.That(nonBlockingRecord.Status, Is.EqualTo(404));
            Assert.That(listed.Body.EnumerateArray().Select(r => r.GetProperty("name").GetString()), Is.EqualTo(new[] { "broken" }));
        });
    }
}
