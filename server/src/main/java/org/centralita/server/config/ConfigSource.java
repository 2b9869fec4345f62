package org.centralita.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flattened configuration values: YAML leaves by dotted key, overridden by environment variables.
 *
 * <p>The environment variable for a key is {@code CENTRALITA_} followed by the key in upper case with
 * dots and dashes replaced by underscores: {@code http.port} → {@code CENTRALITA_HTTP_PORT},
 * {@code ami.reconnect-max-delay} → {@code CENTRALITA_AMI_RECONNECT_MAX_DELAY}.
 */
final class ConfigSource {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|K|M|G)?", Pattern.CASE_INSENSITIVE);

    private final Map<String, String> values;
    private final Map<String, String> origins;

    private ConfigSource(Map<String, String> values, Map<String, String> origins) {
        this.values = values;
        this.origins = origins;
    }

    /** Returns the environment variable name that overrides {@code key}. */
    static String envName(String key) {
        return "CENTRALITA_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Reads {@code file} (may be null) and applies overrides from {@code env}; rejects unknown keys. */
    static ConfigSource load(Path file, Map<String, String> env, Set<String> knownKeys) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("--config", "file not found: " + file);
            }
            JsonNode root;
            try {
                root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            } catch (IOException e) {
                String msg = e.getMessage() == null
                        ? e.toString()
                        : e.getMessage().lines().findFirst().orElse("");
                throw new ConfigException(file.toString(), "not valid YAML: " + msg);
            }
            if (root != null && !root.isMissingNode() && !root.isNull()) {
                if (!root.isObject()) {
                    throw new ConfigException(file.toString(), "expected a YAML mapping at the top level");
                }
                flatten("", root, values, knownKeys);
                values.keySet().forEach(k -> origins.put(k, file.toString()));
            }
        }
        for (String key : knownKeys) {
            String v = env.get(envName(key));
            if (v != null) {
                values.put(key, v);
                origins.put(key, envName(key));
            }
        }
        return new ConfigSource(values, origins);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, Set<String> known) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                if (known.contains(key)) {
                    throw new ConfigException(key, "expected a single value, got a mapping");
                }
                boolean isSection = known.stream().anyMatch(k -> k.startsWith(key + "."));
                if (!isSection) {
                    throw new ConfigException(key, "unknown key");
                }
                flatten(key, v, out, known);
            } else if (v.isArray()) {
                throw new ConfigException(
                        key, known.contains(key) ? "expected a single value, got a list" : "unknown key");
            } else {
                if (!known.contains(key)) {
                    throw new ConfigException(key, "unknown key");
                }
                if (!v.isNull()) {
                    out.put(key, v.asText());
                }
            }
        }
    }

    String string(String key, String def) {
        String v = values.get(key);
        return v == null ? def : v.trim();
    }

    int integer(String key, int def, int min, int max) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the key and the offending value
        }
        throw new ConfigException(key, "expected an integer " + min + "-" + max + ", got \"" + v + "\"" + from(key));
    }

    boolean bool(String key, boolean def) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(key, "expected true or false, got \"" + v + "\"" + from(key));
        };
    }

    Duration duration(String key, Duration def) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        Matcher m = DURATION.matcher(v.trim());
        if (!m.matches()) {
            throw new ConfigException(
                    key, "expected a duration such as 500ms, 30s, 5m, 8h or 1d, got \"" + v + "\"" + from(key));
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }

    long size(String key, long def) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        Matcher m = SIZE.matcher(v.trim());
        if (!m.matches()) {
            throw new ConfigException(key, "expected a size such as 512KB, 50MB or 1GB, got \"" + v + "\"" + from(key));
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        return switch (unit) {
            case "KB", "K" -> n * 1024;
            case "MB", "M" -> n * 1024 * 1024;
            case "GB", "G" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
    }

    private String from(String key) {
        String origin = origins.get(key);
        return origin == null ? "" : " (from " + origin + ")";
    }
}
