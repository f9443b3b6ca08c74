using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace OpenWhisk.Invoker.Tests.Runtimes;

/// <summary>
/// Our Node.js and Python proxies with <c>__OW_LOG_FILE</c> (Docker:LogTransport): the lines the action writes to its
/// standard output and error are appended to that file as the engine's json-file entries, in order, with the
/// sentinels of both streams before <c>/run</c> answers, bytes as well as text, and none of them reaches the
/// process's own output.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ProxyLogFileTests
{
    private const string Sentinel = "XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX";

    private static readonly string LongLine = new('x', 20_000);

    [TestCase("node", "nodejs", "proxy.js", """
        function main(params) {
          console.log('hello ' + params.who);
          console.error('first\nsecond');
          process.stdout.write('par');
          process.stdout.write('tial\n');
          process.stdout.write(Buffer.from('bytes\n'));
          console.log('x'.repeat(20000));
          return { done: true };
        }
        """)]
    [TestCase("python3", "python", "proxy.py", """
        import sys
        def main(params):
            print('hello ' + params['who'])
            print('first\nsecond', file=sys.stderr)
            sys.stdout.write('par')
            sys.stdout.write('tial\n')
            sys.stdout.buffer.write(b'bytes\n')
            sys.stdout.fileno()
            print('x' * 20000)
            return {'done': True}
        """)]
    public async Task Lines_are_appended_as_json_file_entries_with_both_sentinels_before_run_answers(
        string interpreter, string runtime, string script, string code)
    {
        var directory = Directory.CreateTempSubdirectory("owproxylog").FullName;
        var logFile = Path.Combine(directory, "log.json");
        File.WriteAllBytes(logFile, []);
        var output = new ConcurrentQueue<string>();
        var port = ProxyProcess.FreePort();
        using var proxy = ProxyProcess.Start(interpreter, runtime, script, port, new Dictionary<string, string> { ["__OW_LOG_FILE"] = logFile }, output.Enqueue);
        try
        {
            await ProxyProcess.WaitForListenerAsync(port);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var init = JsonSerializer.Serialize(new { value = new { name = "a", main = "main", code } });
            using (var initialized = await client.PostAsync("/init", new StringContent(init, Encoding.UTF8, "application/json")))
            {
                Assert.That((int)initialized.StatusCode, Is.EqualTo(200), await initialized.Content.ReadAsStringAsync());
            }

            using var ran = await client.PostAsync("/run", new StringContent("""{"value":{"who":"wörld"}}""", Encoding.UTF8, "application/json"));
            var entries = File.ReadAllLines(logFile).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

            var lines = entries.Select(e => (Stream: e.GetProperty("stream").GetString(), Log: e.GetProperty("log").GetString())).ToList();
            var joinedLong = string.Concat(lines.Where(l => l.Log!.StartsWith('x')).Select(l => l.Log));
            Assert.Multiple(() =>
            {
                Assert.That((int)ran.StatusCode, Is.EqualTo(200));
                Assert.That(lines.Where(l => !l.Log!.StartsWith('x')), Is.EqualTo(new[]
                {
                    ("stdout", "hello wörld\n"),
                    ("stderr", "first\n"),
                    ("stderr", "second\n"),
                    ("stdout", "partial\n"),
                    ("stdout", "bytes\n"),
                    ("stdout", Sentinel + "\n"),
                    ("stderr", Sentinel + "\n"),
                }), "every line in order, the sentinels last, before /run answered");
                Assert.That(joinedLong, Is.EqualTo(LongLine + "\n"), "a long line in entries of 16 KiB, only the last ending the line");
                Assert.That(lines.Count(l => l.Log!.StartsWith('x')), Is.EqualTo(2));
                Assert.That(entries.Select(e => DateTimeOffset.TryParse(e.GetProperty("time").GetString(), out _)), Is.All.True, "every entry has its time");
                Assert.That(output, Has.None.Contains("hello").And.None.Contains(Sentinel), "nothing of the action's output reached the process's own streams");
            });
        }
        finally
        {
            proxy.Kill(entireProcessTree: true);
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestCase("node", "nodejs", "proxy.js", "function main() { console.log('lost'); console.error('lost too'); return { ran: true }; }")]
    [TestCase("python3", "python", "proxy.py", "import sys\ndef main(params):\n    print('lost')\n    print('lost too', file=sys.stderr)\n    return {'ran': True}\n")]
    public async Task A_file_that_takes_no_more_writes_loses_the_lines_but_never_the_run(string interpreter, string runtime, string script, string code)
    {
        // /dev/full fails every write with ENOSPC, as a full disk does.
        var port = ProxyProcess.FreePort();
        using var proxy = ProxyProcess.Start(interpreter, runtime, script, port, new Dictionary<string, string> { ["__OW_LOG_FILE"] = "/dev/full" });
        try
        {
            await ProxyProcess.WaitForListenerAsync(port);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var init = JsonSerializer.Serialize(new { value = new { name = "a", main = "main", code } });
            using var initialized = await client.PostAsync("/init", new StringContent(init, Encoding.UTF8, "application/json"));
            using var ran = await client.PostAsync("/run", new StringContent("""{"value":{}}""", Encoding.UTF8, "application/json"));
            var result = await ran.Content.ReadAsStringAsync();

            Assert.Multiple(() =>
            {
                Assert.That((int)initialized.StatusCode, Is.EqualTo(200));
                Assert.That((int)ran.StatusCode, Is.EqualTo(200));
                Assert.That(result, Does.Contain("ran").And.Contain("true"));
            });
        }
        finally
        {
            proxy.Kill(entireProcessTree: true);
        }
    }
}
