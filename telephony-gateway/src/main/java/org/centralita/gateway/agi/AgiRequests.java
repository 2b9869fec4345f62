package org.centralita.gateway.agi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds an {@link AgiRequest} from the environment lines: script path, query parameters and arguments. */
final class AgiRequests {
    private static final String ARG_PREFIX = "arg_";

    private AgiRequests() {}

    /**
     * Parses the environment entries (keys without the {@code agi_} prefix, in arrival order).
     *
     * @throws IllegalArgumentException if an {@code agi_arg_N} key has no valid index
     */
    static AgiRequest parse(List<Map.Entry<String, String>> entries) {
        Map<String, String> env = new LinkedHashMap<>();
        TreeMap<Integer, String> args = new TreeMap<>();
        for (Map.Entry<String, String> e : entries) {
            env.put(e.getKey(), e.getValue());
            if (e.getKey().startsWith(ARG_PREFIX)) {
                int index;
                try {
                    index = Integer.parseInt(e.getKey().substring(ARG_PREFIX.length()));
                } catch (NumberFormatException nfe) {
                    throw new IllegalArgumentException("bad argument key agi_" + e.getKey());
                }
                if (index < 1 || index > 1024) {
                    throw new IllegalArgumentException("argument index out of range: agi_" + e.getKey());
                }
                args.put(index, e.getValue());
            }
        }
        String scriptAndQuery = env.get("network_script");
        if (scriptAndQuery == null) {
            scriptAndQuery = pathOf(env.getOrDefault("request", ""));
        }
        int q = scriptAndQuery.indexOf('?');
        String script = q < 0 ? scriptAndQuery : scriptAndQuery.substring(0, q);
        while (script.startsWith("/")) {
            script = script.substring(1);
        }
        Map<String, String> parameters = q < 0 ? Map.of() : parseQuery(scriptAndQuery.substring(q + 1));
        List<String> arguments = new ArrayList<>(args.size());
        int expected = 1;
        for (Map.Entry<Integer, String> a : args.entrySet()) {
            // Asterisk numbers arguments without gaps; a gap is filled with empty strings to keep positions.
            while (expected < a.getKey()) {
                arguments.add("");
                expected++;
            }
            arguments.add(a.getValue());
            expected++;
        }
        return new AgiRequest(env, script, parameters, arguments);
    }

    /** Parses {@code a=1&b=x%20y} into an ordered map, URL-decoding names and values (UTF-8). */
    static Map<String, String> parseQuery(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a stray '%' is kept as typed rather than failing the call
        }
    }

    private static String pathOf(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int slash = url.indexOf('/', scheme + 3);
        return slash < 0 ? "" : url.substring(slash + 1);
    }
}
