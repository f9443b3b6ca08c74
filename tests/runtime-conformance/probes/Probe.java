// The conformance probe for Java runtimes (OpenWhisk's signature: Gson's JsonObject): what it does is chosen by
// args.mode (see ../conformance.py). It returns JsonElement so that it can return what is not a JSON object.
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

public class Probe {
    public static JsonElement main(JsonObject args) throws Exception {
        String mode = args.has("mode") ? args.get("mode").getAsString() : null;
        JsonObject result = new JsonObject();
        if ("env".equals(mode)) {
            JsonObject env = new JsonObject();
            for (String key : new String[] { "NAMESPACE", "ACTION_NAME", "ACTIVATION_ID", "DEADLINE", "TRANSACTION_ID" }) {
                env.addProperty(key, System.getenv("__OW_" + key));
            }
            result.add("env", env);
        } else if ("echo".equals(mode)) {
            String payload = args.get("payload").getAsString();
            result.addProperty("length", payload.length());
            result.addProperty("first", payload.substring(0, 1));
            result.addProperty("last", payload.substring(payload.length() - 1));
        } else if ("log".equals(mode)) {
            System.out.println(args.get("line").getAsString());
            System.err.println(args.get("line").getAsString() + "-err");
        } else if ("sleep".equals(mode)) {
            Thread.sleep(args.get("ms").getAsLong());
            result.add("slept", args.get("ms"));
        } else if ("text".equals(mode)) {
            return new JsonPrimitive("not an object");
        } else if ("throw".equals(mode)) {
            throw new IllegalStateException("probe failure");
        } else {
            result.addProperty("mode", mode);
        }
        return result;
    }
}
