package net.openwhisk.runtime.java;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * Sets a variable in the map behind System.getenv() (the JVM has no setenv), as OpenWhisk's Java runtime does: the
 * map is unmodifiable to callers, so its backing map is reached by reflection (the image opens java.util for it).
 */
final class Environment {
    private static final Map<String, String> WRITABLE = writable();

    private Environment() {
    }

    static synchronized void set(String name, String value) {
        if (WRITABLE != null) {
            WRITABLE.put(name, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> writable() {
        try {
            Map<String, String> environment = System.getenv();
            Field backing = environment.getClass().getDeclaredField("m");
            backing.setAccessible(true);
            return (Map<String, String>) backing.get(environment);
        } catch (ReflectiveOperationException | RuntimeException unavailable) {
            System.err.println("__OW_ variables cannot be set: " + unavailable);
            return null;
        }
    }
}
