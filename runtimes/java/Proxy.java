// OpenWhisk.NET's action proxy for Java (java:17): OpenWhisk's action protocol on port 8080.
//   POST /init  {"value": {"name", "main", "code"}}   code: a base64 jar; main: a class, or class#method (default main)
//   POST /run   {"value": {...}, "namespace", ...}    calls public static JsonObject main(JsonObject) (Gson)
// As OpenWhisk's Java runtime: the jar is loaded by a class loader whose parent is the proxy's, so the proxy's Gson is
// the one actions use; each top-level field of /run other than value becomes an __OW_ environment variable; the
// sentinel line goes to stdout and stderr after every run. Unlike it, runs are served concurrently (sharing the
// process's __OW_ variables, as concurrent runs in OpenWhisk's other runtimes do).
package net.openwhisk.runtime.java;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

public final class Proxy {
    private static final String SENTINEL = "XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX";
    private static final int READY = 0;
    private static final int INITIALIZING = 1;
    private static final int INITIALIZED = 2;

    private final AtomicInteger state = new AtomicInteger(READY);
    private volatile Method action;

    public static void main(String[] arguments) throws IOException {
        String configured = System.getenv("__OW_PROXY_PORT");
        int port = configured == null ? 8080 : Integer.parseInt(configured);
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 64);
        Proxy proxy = new Proxy();
        server.createContext("/", proxy::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        ApiHostRelay.start(System.getenv("__OW_API_HOST"), System.getenv("__OW_API_SOCKET"), port);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod())) {
                reply(exchange, 500, error("Bad request."));
            } else if ("/init".equals(path)) {
                init(exchange);
            } else if ("/run".equals(path)) {
                run(exchange);
            } else {
                reply(exchange, 500, error("Bad request."));
            }
        }
    }

    private void init(HttpExchange exchange) throws IOException {
        // Taken before the body is read, so that a second /init arriving meanwhile is refused.
        if (!state.compareAndSet(READY, INITIALIZING)) {
            reply(exchange, 403, error("Cannot initialize the action more than once."));
            return;
        }

        boolean initialized = false;
        try {
            JsonObject message = read(exchange);
            JsonObject value = message != null && message.has("value") && message.get("value").isJsonObject()
                ? message.getAsJsonObject("value") : null;
            String code = text(value, "code");
            String main = text(value, "main");
            if (code == null || code.isEmpty() || main == null || main.isEmpty()) {
                reply(exchange, 403, error("Missing main/no code to execute."));
                return;
            }

            try {
                action = load(code, main);
            } catch (Throwable failure) {
                failure.printStackTrace();
                writeSentinels();
                reply(exchange, 502, error("An error has occurred (see logs for details): " + failure));
                return;
            }

            // Initialized before the answer leaves: the next request on this connection may be a run.
            initialized = true;
            state.set(INITIALIZED);
            reply(exchange, 200, "{\"OK\":true}");
        } finally {
            if (!initialized) {
                state.set(READY);
            }
        }
    }

    private static Method load(String code, String main) throws Exception {
        Path jar = Files.createTempFile("useraction", ".jar");
        Files.write(jar, Base64.getMimeDecoder().decode(code));
        int hash = main.indexOf('#');
        String className = hash < 0 ? main : main.substring(0, hash);
        String methodName = hash < 0 ? "main" : main.substring(hash + 1);
        URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, Proxy.class.getClassLoader());
        Class<?> type = loader.loadClass(className);
        Method method = type.getMethod(methodName, JsonObject.class);
        if (!Modifier.isStatic(method.getModifiers()) || !JsonElement.class.isAssignableFrom(method.getReturnType())) {
            throw new NoSuchMethodException(className + "." + methodName + ": it must be public static JsonObject " + methodName + "(JsonObject)");
        }

        return method;
    }

    private void run(HttpExchange exchange) throws IOException {
        Method method = action;
        if (state.get() != INITIALIZED || method == null) {
            reply(exchange, 403, error("Cannot invoke an uninitialized action."));
            return;
        }

        JsonObject message = read(exchange);
        if (message == null) {
            reply(exchange, 400, error("The run request is not a JSON object."));
            return;
        }

        for (Map.Entry<String, JsonElement> field : message.entrySet()) {
            if (!"value".equals(field.getKey()) && field.getValue().isJsonPrimitive()) {
                Environment.set("__OW_" + field.getKey().toUpperCase(java.util.Locale.ROOT), field.getValue().getAsString());
            }
        }

        JsonObject value = message.has("value") && message.get("value").isJsonObject() ? message.getAsJsonObject("value") : new JsonObject();
        Object result;
        try {
            result = method.invoke(null, value);
        } catch (InvocationTargetException thrown) {
            thrown.getCause().printStackTrace();
            writeSentinels();
            reply(exchange, 502, error("An error has occurred while invoking the action (see logs for details): " + thrown.getCause()));
            return;
        } catch (Throwable failure) {
            // A failing static initializer (ExceptionInInitializerError) and other errors that invoke does not wrap.
            failure.printStackTrace();
            writeSentinels();
            reply(exchange, 502, error("An error has occurred (see logs for details): " + failure));
            return;
        }

        writeSentinels();
        if (result == null) {
            reply(exchange, 502, error("An error has occurred (see logs for details): java.lang.NullPointerException: The action returned null"));
        } else if (!(result instanceof JsonObject) && !((JsonElement) result).isJsonArray()) {
            reply(exchange, 502, error("The action did not return a dictionary."));
        } else {
            reply(exchange, 200, result.toString());
        }
    }

    private static JsonObject read(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        try {
            JsonElement parsed = JsonParser.parseString(body.isEmpty() ? "{}" : body);
            return parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private static String text(JsonObject value, String name) {
        return value != null && value.has(name) && value.get(name).isJsonPrimitive() ? value.get(name).getAsString() : null;
    }

    private static String error(String message) {
        JsonObject error = new JsonObject();
        error.addProperty("error", message);
        return error.toString();
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static synchronized void writeSentinels() {
        PrintStream out = System.out;
        out.println(SENTINEL);
        out.flush();
        System.err.println(SENTINEL);
        System.err.flush();
    }
}
