namespace OpenWhisk.TestKit.Containers;

/// <summary>
/// A Node.js action that interprets the simulated container factory's <c>simulate</c> parameter (logs, duration and
/// outcome), so the same test runs against the simulated factory and against real containers.
/// </summary>
public static class SimulateAction
{
    /// <summary>The action's code.</summary>
    public const string NodeJs = """
        async function main(params) {
          const s = params.simulate || {};
          (s.logs || []).forEach(line => console.log(line));
          if (s.durationMs) await new Promise(resolve => setTimeout(resolve, s.durationMs));
          switch (s.outcome) {
            case 'exit': process.exit(3);
            case 'hang': await new Promise(() => {}); break;
            case 'oom': { const keep = []; for (;;) keep.push(Buffer.alloc(16 * 1024 * 1024, 7)); }
            case 'error': return { error: 'simulated application error' };
          }
          const { simulate, ...rest } = params;
          return s.result || rest;
        }
        """;

    /// <summary>The <c>/init</c> body that installs the action.</summary>
    public static byte[] InitBody() => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new
    {
        value = new { name = "simulate", main = "main", code = NodeJs, binary = false, env = new Dictionary<string, string>() },
    });

    /// <summary>A <c>/run</c> body with <paramref name="parameters"/> as the action's input.</summary>
    /// <param name="parameters">The input.</param>
    /// <returns>The UTF-8 JSON body.</returns>
    public static byte[] RunBody(object parameters) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new
    {
        value = parameters,
        @namespace = "guest",
        action_name = "/guest/simulate",
        activation_id = Guid.NewGuid().ToString("N"),
        transaction_id = Guid.NewGuid().ToString("N"),
        deadline = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
    });
}
