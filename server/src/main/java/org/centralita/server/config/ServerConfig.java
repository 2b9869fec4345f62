package org.centralita.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The whole server configuration, every value validated.
 *
 * <p>Load it with {@link #load(Path, Map)}; every key has a default, so an empty file (or no file) gives
 * a server that runs on a fresh machine. See {@code docs/configuration.md} for the key list.
 */
public record ServerConfig(
        HttpConfig http,
        AgiConfig agi,
        AmiConfig ami,
        DatabaseConfig database,
        SecurityConfig security,
        Path dataDir,
        Path flowsDir,
        Duration shutdownTimeout,
        InboundConfig inbound) {

    /** Every configuration key this server knows, in documentation order. */
    public static final List<String> KEYS = List.of(
            "data.dir",
            "http.host",
            "http.port",
            "http.max-body-size",
            "http.max-upload-size",
            "http.session-timeout",
            "http.session-max-age",
            "http.secure-cookies",
            "http.behind-proxy",
            "http.tls.enabled",
            "http.tls.cert-file",
            "http.tls.key-file",
            "agi.host",
            "agi.port",
            "ami.enabled",
            "ami.host",
            "ami.port",
            "ami.username",
            "ami.password",
            "ami.reconnect-initial-delay",
            "ami.reconnect-max-delay",
            "database.url",
            "database.username",
            "database.password",
            "database.max-pool-size",
            "security.bcrypt-cost",
            "security.login-max-failures",
            "security.login-window",
            "security.admin-username",
            "flows.dir",
            "shutdown.timeout",
            "inbound.service-level-threshold",
            "inbound.recent-window");

    /** Validates the configuration. */
    public ServerConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(agi, "agi");
        Objects.requireNonNull(ami, "ami");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(security, "security");
        if (dataDir == null) {
            throw new ConfigException("data.dir", "must not be empty");
        }
        if (flowsDir == null) {
            throw new ConfigException("flows.dir", "must not be empty");
        }
        if (shutdownTimeout == null || shutdownTimeout.isNegative() || shutdownTimeout.isZero()) {
            throw new ConfigException("shutdown.timeout", "must be a positive duration");
        }
        Objects.requireNonNull(inbound, "inbound");
    }

    /** Returns the configuration with every default: no file, no environment. */
    public static ServerConfig defaults() {
        return load(null, Map.of());
    }

    /**
     * Reads the configuration from a YAML file (null for none) and applies environment overrides.
     *
     * @throws ConfigException naming the first bad key
     */
    public static ServerConfig load(Path file, Map<String, String> env) {
        Set<String> keys = new LinkedHashSet<>(KEYS);
        ConfigSource src = ConfigSource.load(file, env, keys);
        Path dataDir = path(src, "data.dir", "./data");
        boolean tls = src.bool("http.tls.enabled", false);
        HttpConfig http = new HttpConfig(
                src.string("http.host", "0.0.0.0"),
                src.integer("http.port", 8080, 0, 65535),
                src.size("http.max-body-size", 1024L * 1024),
                src.size("http.max-upload-size", 200L * 1024 * 1024),
                src.duration("http.session-timeout", Duration.ofHours(9)),
                src.duration("http.session-max-age", Duration.ofHours(24)),
                src.bool("http.secure-cookies", tls),
                src.bool("http.behind-proxy", false),
                new TlsConfig(tls, optionalPath(src, "http.tls.cert-file"), optionalPath(src, "http.tls.key-file")));
        AgiConfig agi = new AgiConfig(src.string("agi.host", "127.0.0.1"), src.integer("agi.port", 4573, 0, 65535));
        AmiConfig ami = new AmiConfig(
                src.bool("ami.enabled", true),
                src.string("ami.host", "127.0.0.1"),
                src.integer("ami.port", 5038, 1, 65535),
                src.string("ami.username", "centralita"),
                src.string("ami.password", ""),
                src.duration("ami.reconnect-initial-delay", Duration.ofSeconds(1)),
                src.duration("ami.reconnect-max-delay", Duration.ofSeconds(30)));
        String defaultUrl = "jdbc:h2:file:"
                + dataDir.toAbsolutePath()
                        .normalize()
                        .resolve("centralita")
                        .toString()
                        .replace('\\', '/')
                + ";DB_CLOSE_ON_EXIT=FALSE";
        DatabaseConfig db = new DatabaseConfig(
                src.string("database.url", defaultUrl),
                src.string("database.username", "sa"),
                src.string("database.password", ""),
                src.integer("database.max-pool-size", 10, 1, 500));
        SecurityConfig security = new SecurityConfig(
                src.integer("security.bcrypt-cost", 12, 4, 31),
                src.integer("security.login-max-failures", 5, 1, 1000),
                src.duration("security.login-window", Duration.ofMinutes(5)),
                src.string("security.admin-username", "admin"));
        return new ServerConfig(
                http,
                agi,
                ami,
                db,
                security,
                dataDir,
                path(src, "flows.dir", "./flows"),
                src.duration("shutdown.timeout", Duration.ofSeconds(30)),
                new InboundConfig(
                        src.duration("inbound.service-level-threshold", Duration.ofSeconds(20)),
                        src.duration("inbound.recent-window", Duration.ofMinutes(30))));
    }

    /**
     * Returns this configuration for {@code serve --demo}: data under {@code <data.dir>-demo} (e.g. {@code ./data-demo})
     * and its own embedded H2 file database there, never the configured {@code database.url}, so the demo accounts
     * (whose password is published) and the demo campaign never reach the production database.
     */
    public ServerConfig forDemo() {
        Path base = dataDir.toAbsolutePath().normalize();
        Path demoDir = base.resolveSibling(base.getFileName() + "-demo");
        String url = "jdbc:h2:file:" + demoDir.resolve("centralita").toString().replace('\\', '/')
                + ";DB_CLOSE_ON_EXIT=FALSE";
        return new ServerConfig(
                http,
                agi,
                ami,
                new DatabaseConfig(url, "sa", "", database.maxPoolSize()),
                security,
                demoDir,
                flowsDir,
                shutdownTimeout,
                inbound);
    }

    private static Path path(ConfigSource src, String key, String def) {
        String v = src.string(key, def);
        if (v.isEmpty()) {
            throw new ConfigException(key, "must not be empty");
        }
        try {
            return Path.of(v);
        } catch (RuntimeException e) {
            throw new ConfigException(key, "not a valid path: \"" + v + "\"");
        }
    }

    private static Path optionalPath(ConfigSource src, String key) {
        String v = src.string(key, "");
        return v.isEmpty() ? null : path(src, key, v);
    }

    /** HTTP listener settings. */
    public record HttpConfig(
            String host,
            int port,
            long maxBodySize,
            long maxUploadSize,
            Duration sessionTimeout,
            Duration sessionMaxAge,
            boolean secureCookies,
            boolean behindProxy,
            TlsConfig tls) {
        /** Validates the HTTP settings. */
        public HttpConfig {
            requireHost("http.host", host);
            requirePort("http.port", port);
            if (maxBodySize < 1024) {
                throw new ConfigException("http.max-body-size", "must be at least 1KB, got " + maxBodySize + " bytes");
            }
            if (maxUploadSize < 1024) {
                throw new ConfigException(
                        "http.max-upload-size", "must be at least 1KB, got " + maxUploadSize + " bytes");
            }
            if (sessionTimeout.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new ConfigException("http.session-timeout", "must be at least 1m");
            }
            if (sessionMaxAge.compareTo(sessionTimeout) < 0) {
                throw new ConfigException("http.session-max-age", "must not be below http.session-timeout");
            }
            Objects.requireNonNull(tls, "tls");
        }
    }

    /** TLS for the HTTP listener: PEM certificate chain and private key. */
    public record TlsConfig(boolean enabled, Path certFile, Path keyFile) {
        /** Validates that enabled TLS names readable PEM files. */
        public TlsConfig {
            if (enabled) {
                if (certFile == null) {
                    throw new ConfigException("http.tls.cert-file", "required when http.tls.enabled is true");
                }
                if (keyFile == null) {
                    throw new ConfigException("http.tls.key-file", "required when http.tls.enabled is true");
                }
                if (!Files.isReadable(certFile)) {
                    throw new ConfigException("http.tls.cert-file", "cannot read " + certFile);
                }
                if (!Files.isReadable(keyFile)) {
                    throw new ConfigException("http.tls.key-file", "cannot read " + keyFile);
                }
            }
        }
    }

    /** FastAGI listener settings. */
    public record AgiConfig(String host, int port) {
        /** Validates the FastAGI settings. */
        public AgiConfig {
            requireHost("agi.host", host);
            requirePort("agi.port", port);
        }
    }

    /** Asterisk Manager Interface client settings. */
    public record AmiConfig(
            boolean enabled,
            String host,
            int port,
            String username,
            String password,
            Duration reconnectInitialDelay,
            Duration reconnectMaxDelay) {
        /** Validates the AMI settings. */
        public AmiConfig {
            requireHost("ami.host", host);
            if (port < 1 || port > 65535) {
                throw new ConfigException("ami.port", "expected an integer 1-65535, got " + port);
            }
            if (username == null || username.isBlank()) {
                throw new ConfigException("ami.username", "must not be empty");
            }
            Objects.requireNonNull(password, "ami.password");
            if (reconnectInitialDelay.toMillis() < 100) {
                throw new ConfigException("ami.reconnect-initial-delay", "must be at least 100ms");
            }
            if (reconnectMaxDelay.compareTo(reconnectInitialDelay) < 0) {
                throw new ConfigException("ami.reconnect-max-delay", "must not be below ami.reconnect-initial-delay");
            }
        }

        /** Hides the password. */
        @Override
        public String toString() {
            return "AmiConfig[enabled=" + enabled + ", host=" + host + ", port=" + port + ", username=" + username
                    + ", password=***]";
        }
    }

    /** JDBC settings for the one shared database. */
    public record DatabaseConfig(String url, String username, String password, int maxPoolSize) {
        /** Validates the database settings. */
        public DatabaseConfig {
            if (url == null || !url.startsWith("jdbc:")) {
                throw new ConfigException(
                        "database.url", "expected a JDBC URL starting with jdbc:, got \"" + url + "\"");
            }
            Objects.requireNonNull(username, "database.username");
            Objects.requireNonNull(password, "database.password");
            if (maxPoolSize < 1) {
                throw new ConfigException("database.max-pool-size", "must be at least 1");
            }
        }

        /** Hides the password. */
        @Override
        public String toString() {
            return "DatabaseConfig[url=" + url + ", username=" + username + ", password=***, maxPoolSize=" + maxPoolSize
                    + "]";
        }
    }

    /** Account security settings. */
    public record SecurityConfig(int bcryptCost, int loginMaxFailures, Duration loginWindow, String adminUsername) {
        /** Validates the security settings. */
        public SecurityConfig {
            if (bcryptCost < 4 || bcryptCost > 31) {
                throw new ConfigException("security.bcrypt-cost", "expected an integer 4-31, got " + bcryptCost);
            }
            if (loginMaxFailures < 1) {
                throw new ConfigException("security.login-max-failures", "must be at least 1");
            }
            if (loginWindow.toSeconds() < 1) {
                throw new ConfigException("security.login-window", "must be at least 1s");
            }
            if (adminUsername == null || !adminUsername.matches("[a-z0-9._-]{2,64}")) {
                throw new ConfigException(
                        "security.admin-username",
                        "expected 2-64 characters a-z 0-9 . _ -, got \"" + adminUsername + "\"");
            }
        }
    }

    /**
     * Inbound figures on the wallboard.
     *
     * @param serviceLevelThreshold a caller answered by an agent within this wait counts towards the service level
     * @param recentWindow the rolling window of the "now" figures (besides today's)
     */
    public record InboundConfig(Duration serviceLevelThreshold, Duration recentWindow) {
        /** Validates the inbound settings. */
        public InboundConfig {
            if (serviceLevelThreshold.toSeconds() < 1 || serviceLevelThreshold.compareTo(Duration.ofHours(1)) > 0) {
                throw new ConfigException("inbound.service-level-threshold", "must be between 1s and 1h");
            }
            if (recentWindow.compareTo(Duration.ofMinutes(1)) < 0 || recentWindow.compareTo(Duration.ofHours(24)) > 0) {
                throw new ConfigException("inbound.recent-window", "must be between 1m and 24h");
            }
        }
    }

    private static void requireHost(String key, String host) {
        if (host == null || host.isBlank() || host.contains(" ")) {
            throw new ConfigException(key, "expected a host name or IP address, got \"" + host + "\"");
        }
    }

    private static void requirePort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigException(key, "expected an integer 0-65535, got " + port);
        }
    }
}
