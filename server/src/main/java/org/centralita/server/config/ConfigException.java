package org.centralita.server.config;

import org.centralita.server.ServerException;

/** A configuration value is missing or invalid; {@link #getMessage()} names the key. */
public final class ConfigException extends ServerException {
    private final String key;

    /** Creates an error for {@code key}, e.g. {@code http.port: expected an integer 1-65535, got "abc"}. */
    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /** Returns the dotted configuration key the error is about. */
    public String key() {
        return key;
    }
}
