package org.centralita.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
    @TempDir
    Path dir;

    Path yaml(String text) throws Exception {
        Path f = dir.resolve("centralita.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void defaultsRunOnAFreshMachine() {
        ServerConfig c = ServerConfig.defaults();
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.http().host()).isEqualTo("0.0.0.0");
        assertThat(c.agi().port()).isEqualTo(4573);
        assertThat(c.agi().host()).isEqualTo("127.0.0.1");
        assertThat(c.ami().host()).isEqualTo("127.0.0.1");
        assertThat(c.ami().port()).isEqualTo(5038);
        assertThat(c.database().url()).startsWith("jdbc:h2:file:").contains("/data/centralita");
        assertThat(c.http().maxBodySize()).isEqualTo(1024L * 1024);
        assertThat(c.http().maxUploadSize()).isEqualTo(200L * 1024 * 1024);
        assertThat(c.http().secureCookies()).isFalse();
        assertThat(c.flowsDir()).isEqualTo(Path.of("./flows"));
    }

    @Test
    void fileValuesAreReadAndTheEnvironmentOverridesThem() throws Exception {
        Path f =
                yaml("http:\n  port: 9090\n  max-body-size: 2MB\nami:\n  host: pbx.local\n  reconnect-max-delay: 1m\n");
        ServerConfig c = ServerConfig.load(
                f, Map.of("CENTRALITA_HTTP_PORT", "9191", "CENTRALITA_AMI_RECONNECT_MAX_DELAY", "45s"));
        assertThat(c.http().port()).isEqualTo(9191);
        assertThat(c.http().maxBodySize()).isEqualTo(2L * 1024 * 1024);
        assertThat(c.ami().host()).isEqualTo("pbx.local");
        assertThat(c.ami().reconnectMaxDelay()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void aBadPortNamesTheKeyAndTheValue() throws Exception {
        assertThatThrownBy(() -> ServerConfig.load(yaml("http:\n  port: abc\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("http.port: expected an integer 0-65535, got \"abc\"");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("CENTRALITA_AGI_PORT", "70000")))
                .hasMessage("agi.port: expected an integer 0-65535, got \"70000\" (from CENTRALITA_AGI_PORT)");
    }

    @Test
    void unknownKeysAreRejectedSoTyposAreNotSilentlyIgnored() throws Exception {
        assertThatThrownBy(() -> ServerConfig.load(yaml("http:\n  prot: 80\n"), Map.of()))
                .hasMessage("http.prot: unknown key");
        assertThatThrownBy(() -> ServerConfig.load(yaml("htp:\n  port: 80\n"), Map.of()))
                .hasMessage("htp: unknown key");
    }

    @Test
    void aMissingFileOrBrokenYamlIsReported() throws Exception {
        assertThatThrownBy(() -> ServerConfig.load(dir.resolve("nope.yaml"), Map.of()))
                .hasMessageContaining("file not found");
        assertThatThrownBy(() -> ServerConfig.load(yaml("http: [port: 1\n"), Map.of()))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void durationsSizesAndBooleansAreValidated() {
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("CENTRALITA_SHUTDOWN_TIMEOUT", "soon")))
                .hasMessageStartingWith("shutdown.timeout: expected a duration");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("CENTRALITA_HTTP_MAX_BODY_SIZE", "lots")))
                .hasMessageStartingWith("http.max-body-size: expected a size");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("CENTRALITA_AMI_ENABLED", "maybe")))
                .hasMessageStartingWith("ami.enabled: expected true or false");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("CENTRALITA_AMI_RECONNECT_MAX_DELAY", "500ms")))
                .hasMessageStartingWith("ami.reconnect-max-delay: must not be below");
    }

    @Test
    void theUploadLimitIsReadFromTheFileOrTheEnvironmentAndBadValuesNameTheKey() throws Exception {
        Path f = yaml("http:\n  max-upload-size: 1GB\n");
        assertThat(ServerConfig.load(f, Map.of()).http().maxUploadSize()).isEqualTo(1024L * 1024 * 1024);
        assertThat(ServerConfig.load(f, Map.of("CENTRALITA_HTTP_MAX_UPLOAD_SIZE", "10MB"))
                        .http()
                        .maxUploadSize())
                .isEqualTo(10L * 1024 * 1024);
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("CENTRALITA_HTTP_MAX_UPLOAD_SIZE", "huge")))
                .hasMessage("http.max-upload-size: expected a size such as 512KB, 50MB or 1GB, got \"huge\""
                        + " (from CENTRALITA_HTTP_MAX_UPLOAD_SIZE)");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("CENTRALITA_HTTP_MAX_UPLOAD_SIZE", "12")))
                .hasMessage("http.max-upload-size: must be at least 1KB, got 12 bytes");
    }

    @Test
    void sessionsAndInboundFiguresHaveValidatedDurations() {
        ServerConfig c = ServerConfig.defaults();
        assertThat(c.http().sessionMaxAge()).isEqualTo(Duration.ofHours(24));
        assertThat(c.inbound().serviceLevelThreshold()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.inbound().recentWindow()).isEqualTo(Duration.ofMinutes(30));
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("CENTRALITA_HTTP_SESSION_MAX_AGE", "1h")))
                .hasMessage("http.session-max-age: must not be below http.session-timeout");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("CENTRALITA_INBOUND_SERVICE_LEVEL_THRESHOLD", "0s")))
                .hasMessage("inbound.service-level-threshold: must be between 1s and 1h");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("CENTRALITA_INBOUND_RECENT_WINDOW", "2d")))
                .hasMessage("inbound.recent-window: must be between 1m and 24h");
    }

    @Test
    void tlsNeedsReadableCertificateAndKeyAndTurnsOnSecureCookies() throws Exception {
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("CENTRALITA_HTTP_TLS_ENABLED", "true")))
                .hasMessageStartingWith("http.tls.cert-file: required");
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        Path key = Files.writeString(dir.resolve("k.pem"), "x");
        ServerConfig c = ServerConfig.load(
                null,
                Map.of(
                        "CENTRALITA_HTTP_TLS_ENABLED", "true",
                        "CENTRALITA_HTTP_TLS_CERT_FILE", cert.toString(),
                        "CENTRALITA_HTTP_TLS_KEY_FILE", key.toString()));
        assertThat(c.http().secureCookies()).isTrue();
    }

    @Test
    void passwordsNeverAppearInToString() {
        ServerConfig c = ServerConfig.load(
                null, Map.of("CENTRALITA_AMI_PASSWORD", "s3cret", "CENTRALITA_DATABASE_PASSWORD", "dbs3cret"));
        assertThat(c.toString()).doesNotContain("s3cret").doesNotContain("dbs3cret");
    }

    @Test
    void everyKeyHasAnEnvironmentVariable() {
        assertThat(ConfigSource.envName("http.port")).isEqualTo("CENTRALITA_HTTP_PORT");
        assertThat(ConfigSource.envName("ami.reconnect-max-delay")).isEqualTo("CENTRALITA_AMI_RECONNECT_MAX_DELAY");
        assertThat(ConfigSource.envName("http.tls.cert-file")).isEqualTo("CENTRALITA_HTTP_TLS_CERT_FILE");
    }
}
