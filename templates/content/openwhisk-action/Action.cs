using Newtonsoft.Json.Linq;

namespace OpenWhiskAction;

/// <summary>
/// The action. OpenWhisk makes a new instance for every activation and calls <see cref="Main"/> with the parameters;
/// the result must be a JSON object. Async works too: <c>public async Task&lt;JObject&gt; Main(JObject args)</c>.
/// The activation's details are in environment variables: <c>__OW_NAMESPACE</c>, <c>__OW_ACTION_NAME</c>,
/// <c>__OW_ACTIVATION_ID</c>, <c>__OW_DEADLINE</c> (and <c>__OW_API_HOST</c>, <c>__OW_API_KEY</c> when the action asks
/// for the key). What it writes to the console becomes the activation's logs.
/// </summary>
public class Action
{
    public JObject Main(JObject args)
    {
        var name = (string?)args["name"] ?? "stranger";
        Console.WriteLine($"Greeting {name}");
        return new JObject { ["greeting"] = $"Hello, {name}!" };
    }
}
