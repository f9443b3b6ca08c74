using System.Text;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Containers;

namespace OpenWhisk.Spi.Toolkit.Tests.Containers;

/// <summary>The action proxy client's HTTP/1.1 over a Unix socket and TCP, against a scripted proxy.</summary>
[TestFixture]
public sealed class ActionProxyClientTests
{
    private static readonly ContainerCallOptions Options = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Test]
    public async Task Warm_calls_reuse_one_connection_and_carry_the_body_both_ways()
    {
        await using var proxy = ScriptedProxyServer.OnUnixSocket(request =>
            Task.FromResult<byte[]?>(ScriptedProxyServer.Answer(200, "{\"echo\":" + Encoding.UTF8.GetString(request.Body) + "}")));
        using var client = new ActionProxyClient(ContainerAddress.UnixSocket(proxy.SocketPath!), TimeProvider.System);

        for (var i = 0; i < 3; i++)
        {
            var result = await PostAsync(client, "/run", $"{{\"value\":{{\"n\":{i},\"text\":\"é\"}}}}");
            Assert.That(result.Failure, Is.EqualTo(ContainerCallFailure.None), result.FailureDetail);
            Assert.That(result.StatusCode, Is.EqualTo(200));
            Assert.That(result.Body, Is.EqualTo($"{{\"echo\":{{\"value\":{{\"n\":{i},\"text\":\"é\"}}}}}}"));
            Assert.That(result.ContentLength, Is.EqualTo(Encoding.UTF8.GetByteCount(result.Body!)));
        }

        Assert.That(proxy.Connections, Is.EqualTo(1));
        var first = proxy.Requests.First();
        Assert.That(first.RequestLine, Is.EqualTo("POST /run HTTP/1.1"));
        Assert.That(first.Head, Does.Contain("Content-Type: application/json"));
    }

    [Test]
    public async Task Concurrent_calls_open_up_to_the_concurrency_and_no_more()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var proxy = ScriptedProxyServer.OnUnixSocket(async _ =>
        {
            await release.Task;
            return ScriptedProxyServer.Answer(200, "{}");
        });
        using var client = new ActionProxyClient(ContainerAddress.UnixSocket(proxy.SocketPath!), TimeProvider.System);
        var options = Options with { MaxConcurrent = 2 };

        var calls = Enumerable.Range(0, 5).Select(_ => client.PostAsync("/run", "{}"u8.ToArray(), options, false, TimeSpan.Zero, NoVerdict, CancellationToken.None)).ToList();
        await WaitUntilAsync(() => proxy.Requests.Count == 2);
        Assert.That(proxy.Connections, Is.EqualTo(2));
        release.SetResult();
        var results = await Task.WhenAll(calls);

        Assert.That(results.Select(r => r.StatusCode), Is.All.EqualTo(200));
        Assert.That(proxy.Connections, Is.EqualTo(2));
        Assert.That(proxy.Requests, Has.Count.EqualTo(5));
    }

    [Test]
    public async Task A_connection_the_proxy_closed_while_idle_is_replaced_without_a_failure()
    {
        await using var proxy = ScriptedProxyServer.OnUnixSocket(_ => Task.FromResult<byte[]?>(ScriptedProxyServer.Answer(200, "{}")));
        using var client = new ActionProxyClient(ContainerAddress.UnixSocket(proxy.SocketPath!), TimeProvider.System);
        var diagnosed = 0;

        Assert.That((await PostAsync(client, "/run", "{}")).StatusCode, Is.EqualTo(200));
        proxy.CloseAcceptedConnections();
        var second = await client.PostAsync("/run", "{}"u8.ToArray(), Options, false, TimeSpan.Zero, (_, _, _) =>
        {
            diagnosed++;
            return Task.FromResult<ContainerCallFailure?>(ContainerCallFailure.NoResponse);
        }, CancellationToken.None);

        Assert.That(second.StatusCode, Is.EqualTo(200), second.FailureDetail);
        Assert.That(diagnosed, Is.Zero);
        Assert.That(proxy.Connections, Is.EqualTo(2));
    }

    [Test]
    public async Task A_request_sent_on_a_kept_connection_and_dropped_unanswered_goes_once_more_on_a_new_connection()
    {
        var answered = 0;
        await using var proxy = ScriptedProxyServer.OnUnixSocket(request =>
            Task.FromResult(request.Connection == 1 && Interlocked.Increment(ref answered) > 1 ? null : ScriptedProxyServer.Answer(200, "{}")));
        using var client = new ActionProxyClient(ContainerAddress.UnixSocket(proxy.SocketPath!), TimeProvider.System);

        Assert.That((await PostAsync(client, "/run", "{}")).StatusCode, Is.EqualTo(200));
        var second = await PostAsync(client, "/run", "{\"n\":2}");

        Assert.That(second.StatusCode, Is.EqualTo(200), second.FailureDetail);
        Assert.That(proxy.Requests.Select(r => r.Connection), Is.EqualTo(new[] { 1, 1, 2 }));
    }

    [Test]
    public async Task A_proxy_that_drops_a_new_connection_unanswered_gets_the_containers_verdict()
    {
        await using var proxy = ScriptedProxyServer.OnUnixSocket(_ => Task.FromResult<byte[]?>(null));
        using var client = new ActionProxyClient(ContainerAddress.UnixSocket(proxy.SocketPath!), TimeProvider.System);

        var result = await client.PostAsync("/run", "{}"u8.ToArray(), Options, false, TimeSpan.Zero,
            (_, retrying, _) => Task.FromResult<ContainerCallFailure?>(retrying ? null : ContainerCallFailure.NoResponse), CancellationToken.None);

        Assert.That(result.Failure, Is.EqualTo(ContainerCallFailure.NoResponse));
        Assert.That(result.FailureDetail, Does.Contain("without answering"));
        Assert.That(proxy.Requests, Has.Count.EqualTo(1), "a request on a new connection is not sent twice");
    }

    [Test]
    public async Task An_answer_without_a_length_counts_as_no_response_and_its_connection_is_not_kept()
    {
        var chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"u8.ToArray();
        await using var proxy = ScriptedProxyServer.OnUnixSocket(request =>
            Task.FromResult<byte[]?>(proxyAnswers(request)));
        using var client = new ActionProxyClient(ContainerAddress.UnixSocket(proxy.SocketPath!), TimeProvider.System);

        var first = await PostAsync(client, "/run", "{}");
        var second = await PostAsync(client, "/run", "{}");

        Assert.That(first.Failure, Is.EqualTo(ContainerCallFailure.NoResponse));
        Assert.That(first.FailureDetail, Does.Contain("Content-Length"));
        Assert.That(second.StatusCode, Is.EqualTo(200));
        Assert.That(proxy.Connections, Is.EqualTo(2));

        byte[] proxyAnswers(ReceivedProxyRequest request) => request.Connection == 1 ? chunked : ScriptedProxyServer.Answer(200, "{}");
    }

    [Test]
    public async Task A_body_over_the_limit_is_cut_to_the_truncation_size()
    {
        var large = "\"" + new string('x', 5000) + "\"";
        await using var proxy = ScriptedProxyServer.OnUnixSocket(_ => Task.FromResult<byte[]?>(ScriptedProxyServer.Answer(200, large)));
        using var client = new ActionProxyClient(ContainerAddress.UnixSocket(proxy.SocketPath!), TimeProvider.System);
        var options = Options with { MaxResponseBytes = 1000, TruncationBytes = 100 };

        var result = await client.PostAsync("/run", "{}"u8.ToArray(), options, false, TimeSpan.Zero, NoVerdict, CancellationToken.None);
        var next = await client.PostAsync("/run", "{}"u8.ToArray(), options, false, TimeSpan.Zero, NoVerdict, CancellationToken.None);

        Assert.That(result.Truncated, Is.True);
        Assert.That(result.ContentLength, Is.EqualTo(5002));
        Assert.That(result.Body, Is.EqualTo(large[..100]));
        Assert.That(next.Truncated, Is.True);
        Assert.That(proxy.Connections, Is.EqualTo(2), "the rest of a cut body is not read, so its connection is closed");
    }

    [Test]
    public async Task An_answer_written_a_byte_at_a_time_after_an_interim_continue_is_read_whole()
    {
        var bytes = "HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray().Concat(ScriptedProxyServer.Answer(502, "{\"error\":\"broken\"}", "connection: Keep-Alive\r\n")).ToArray();
        await using var slow = ScriptedProxyServer.OnUnixSocket(_ => Task.FromResult<byte[]?>(bytes), writeByteByByte: true);
        using var client = new ActionProxyClient(ContainerAddress.UnixSocket(slow.SocketPath!), TimeProvider.System);

        var result = await PostAsync(client, "/init", "{\"value\":{}}");

        Assert.That(result.StatusCode, Is.EqualTo(502));
        Assert.That(result.Body, Is.EqualTo("{\"error\":\"broken\"}"));
    }

    [Test]
    public async Task A_large_request_body_arrives_intact()
    {
        var code = new string('a', 3 * 1024 * 1024);
        await using var proxy = ScriptedProxyServer.OnUnixSocket(request =>
            Task.FromResult<byte[]?>(ScriptedProxyServer.Answer(200, $"{{\"received\":{request.Body.Length}}}")));
        using var client = new ActionProxyClient(ContainerAddress.UnixSocket(proxy.SocketPath!), TimeProvider.System);

        var sent = $"{{\"value\":{{\"code\":\"{code}\"}}}}";
        var result = await PostAsync(client, "/init", sent);

        Assert.That(result.Body, Is.EqualTo($"{{\"received\":{sent.Length}}}"));
        Assert.That(Encoding.UTF8.GetString(proxy.Requests.Single().Body), Does.EndWith("aaaa\"}}"));
    }

    [Test]
    public async Task A_call_past_its_timeout_fails_as_a_timeout_and_the_next_call_gets_a_new_connection()
    {
        var calls = 0;
        await using var proxy = ScriptedProxyServer.OnUnixSocket(async _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
            }

            return ScriptedProxyServer.Answer(200, "{}");
        });
        using var client = new ActionProxyClient(ContainerAddress.UnixSocket(proxy.SocketPath!), TimeProvider.System);

        var slow = await client.PostAsync("/run", "{}"u8.ToArray(), Options with { Timeout = TimeSpan.FromMilliseconds(200) }, false, TimeSpan.Zero, NoVerdict, CancellationToken.None);
        var next = await PostAsync(client, "/run", "{}");

        Assert.That(slow.Failure, Is.EqualTo(ContainerCallFailure.Timeout));
        Assert.That(next.StatusCode, Is.EqualTo(200));
        Assert.That(proxy.Connections, Is.EqualTo(2));
    }

    [Test]
    public async Task Disposing_the_client_ends_a_call_in_flight_as_a_removed_container()
    {
        await using var proxy = ScriptedProxyServer.OnUnixSocket(async _ =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30));
            return ScriptedProxyServer.Answer(200, "{}");
        });
        var client = new ActionProxyClient(ContainerAddress.UnixSocket(proxy.SocketPath!), TimeProvider.System);

        var call = PostAsync(client, "/run", "{}");
        await WaitUntilAsync(() => !proxy.Requests.IsEmpty);
        client.Dispose();
        var result = await call.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That(result.Failure, Is.EqualTo(ContainerCallFailure.ConnectionFailed));
        Assert.That(result.FailureDetail, Is.EqualTo("the container was removed"));
    }

    [Test]
    public async Task Init_retries_connecting_until_the_proxy_listens()
    {
        var directory = Directory.CreateTempSubdirectory("ow-proxy-test-").FullName;
        try
        {
            using var client = new ActionProxyClient(ContainerAddress.UnixSocket(Path.Combine(directory, "missing.sock")), TimeProvider.System);
            var attempts = 0;

            var result = await client.PostAsync("/init", "{}"u8.ToArray(), Options with { Timeout = TimeSpan.FromMilliseconds(300) }, true, TimeSpan.FromMilliseconds(20),
                (_, retrying, _) =>
                {
                    attempts++;
                    return Task.FromResult<ContainerCallFailure?>(retrying ? null : ContainerCallFailure.ConnectionFailed);
                },
                CancellationToken.None);

            Assert.That(result.Failure, Is.EqualTo(ContainerCallFailure.Timeout));
            Assert.That(attempts, Is.GreaterThan(2));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task Speaks_tcp_to_a_published_port()
    {
        await using var proxy = ScriptedProxyServer.OnLoopback(_ => Task.FromResult<byte[]?>(ScriptedProxyServer.Answer(200, "{\"ok\":true}", "Connection: close\r\n")));
        using var client = new ActionProxyClient(new ContainerAddress("127.0.0.1", proxy.Port), TimeProvider.System);

        var first = await PostAsync(client, "/run", "{}");
        var second = await PostAsync(client, "/run", "{}");

        Assert.That(first.Body, Is.EqualTo("{\"ok\":true}"));
        Assert.That(second.Body, Is.EqualTo("{\"ok\":true}"));
        Assert.That(proxy.Connections, Is.EqualTo(2), "an answer with Connection: close is not followed on its connection");
        Assert.That(proxy.Requests.First().Head, Does.Contain($"Host: 127.0.0.1:{proxy.Port}"));
    }

    private static Task<ContainerCallResult> PostAsync(ActionProxyClient client, string path, string body) =>
        client.PostAsync(path, Encoding.UTF8.GetBytes(body), Options, false, TimeSpan.Zero, NoVerdict, CancellationToken.None);

    private static Task<ContainerCallFailure?> NoVerdict(DateTimeOffset start, bool retrying, CancellationToken cancellationToken) =>
        Task.FromResult<ContainerCallFailure?>(ContainerCallFailure.NoResponse);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
