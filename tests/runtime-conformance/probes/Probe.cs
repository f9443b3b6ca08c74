// The conformance probe for .NET runtimes (OpenWhisk's signature: Newtonsoft.Json's JObject): what it does is chosen by
// args["mode"] (see ../conformance.py). It returns object so that it can return what is not a JSON object.
using Newtonsoft.Json.Linq;

namespace Conformance;

public class Probe
{
    public async Task<object> Main(JObject args)
    {
        var mode = (string?)args["mode"];
        switch (mode)
        {
            case "env":
                var env = new JObject();
                foreach (var key in new[] { "NAMESPACE", "ACTION_NAME", "ACTIVATION_ID", "DEADLINE", "TRANSACTION_ID" })
                {
                    env[key] = Environment.GetEnvironmentVariable("__OW_" + key);
                }

                return new JObject { ["env"] = env };
            case "echo":
                var payload = (string)args["payload"]!;
                return new JObject { ["length"] = payload.Length, ["first"] = payload[..1], ["last"] = payload[^1..] };
            case "log":
                Console.WriteLine((string?)args["line"]);
                Console.Error.WriteLine((string?)args["line"] + "-err");
                return new JObject();
            case "sleep":
                await Task.Delay((int)args["ms"]!);
                return new JObject { ["slept"] = args["ms"] };
            case "text":
                return "not an object";
            case "throw":
                throw new InvalidOperationException("probe failure");
            default:
                return new JObject { ["mode"] = mode };
        }
    }
}
