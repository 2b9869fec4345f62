package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.centralita.server.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void aBadConfigValueExitsWithCode2AndOneLineNamingTheKey() throws Exception {
        Path f = Files.writeString(dir.resolve("c.yaml"), "http:\n  port: abc\n");
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("serve", "--config", f.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("config error: http.port: expected an integer 0-65535, got \"abc\" (from " + f + ")");
    }

    @Test
    void aMissingConfigFileExitsWithCode2() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("serve", "--config", dir.resolve("absent.yaml").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("config error: --config: file not found");
    }

    @Test
    void withoutAsteriskTheServerStartsReportsAmiDownAndHttpWorks() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("CENTRALITA_HTTP_HOST", "127.0.0.1");
        env.put("CENTRALITA_HTTP_PORT", "0");
        env.put("CENTRALITA_AMI_PORT", Integer.toString(closedPort));
        env.put("CENTRALITA_AGI_PORT", "0");
        env.put("CENTRALITA_SECURITY_BCRYPT_COST", "4");
        env.put("CENTRALITA_DATA_DIR", dir.toString());
        ServerConfig config = ServerConfig.load(null, env);
        assertThat(config.database().url()).contains(dir.toAbsolutePath().toString());
        CentralitaServer server = CentralitaServer.start(
                        config, org.centralita.server.campaigns.CampaignsStorage::open, ServeCommand::components, env)
                .await();
        try {
            assertThat(server.bootstrap().created()).isTrue();
            assertThat(server.bootstrap().oneTimePassword()).matches("[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}");
            Http http = new Http("http://127.0.0.1:" + server.httpPort());
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> http.get("/ready").json().getString("status").equals("DEGRADED"));
            Http.Resp ready = http.get("/ready");
            assertThat(ready.status()).isEqualTo(200);
            JsonObject ami = ready.json().getJsonObject("checks").getJsonObject("ami");
            assertThat(ami.getString("status")).isEqualTo("DOWN");
            assertThat(ami.getString("detail")).contains("disconnected from 127.0.0.1:" + closedPort);
            assertThat(http.get("/metrics").body()).contains("centralita_ami_connected 0.0");
            JsonObject agi = ready.json().getJsonObject("checks").getJsonObject("fastagi");
            assertThat(agi.getString("status")).isEqualTo("UP");
            int agiPort = Integer.parseInt(agi.getString("detail").replaceAll(".*:(\\d+),.*", "$1"));
            assertThat(unknownScriptStatus(agiPort)).isEqualTo("SET VARIABLE \"CENTRALITA_AGISTATUS\" \"NOT_FOUND\"");
            assertThat(http.get("/metrics").body()).contains("centralita_agi_sessions_not_found_total 1.0");
            Http.Resp login = http.login("admin", server.bootstrap().oneTimePassword());
            assertThat(login.status()).isEqualTo(200);
            assertThat(login.json().getJsonObject("user").getBoolean("mustChangePassword"))
                    .isTrue();
            assertThat(Files.exists(dir.resolve("centralita.mv.db"))).isTrue();
        } finally {
            server.stop().await();
        }
    }

    /** Plays Asterisk calling a script nobody handles; returns the command the server answers with. */
    static String unknownScriptStatus(int port) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            var out = socket.getOutputStream();
            out.write(("agi_network: yes\nagi_network_script: nobody-handles-this\nagi_request: "
                            + "agi://127.0.0.1/nobody-handles-this\nagi_channel: PJSIP/100-00000001\n"
                            + "agi_uniqueid: 1700000000.1\n\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            var in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
            String command = in.readLine();
            out.write("200 result=1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            return command;
        }
    }

    @Test
    void theFirstAdminTakesThePasswordFromTheEnvironmentAndIsCreatedOnlyOnce() throws Exception {
        String url = "jdbc:h2:mem:s" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        Map<String, String> env = Map.of(
                "CENTRALITA_HTTP_HOST", "127.0.0.1",
                "CENTRALITA_HTTP_PORT", "0",
                "CENTRALITA_AMI_ENABLED", "false",
                "CENTRALITA_SECURITY_BCRYPT_COST", "4",
                "CENTRALITA_DATABASE_URL", url,
                "CENTRALITA_ADMIN_PASSWORD", "chosen-by-ops");
        ServerConfig config = ServerConfig.load(null, env);
        CentralitaServer first = CentralitaServer.start(config, ServerDatabase::open, p -> Components.none(), env)
                .await();
        assertThat(first.bootstrap().created()).isTrue();
        assertThat(first.bootstrap().oneTimePassword()).isNull();
        Http http = new Http("http://127.0.0.1:" + first.httpPort());
        assertThat(http.login("admin", "chosen-by-ops")
                        .json()
                        .getJsonObject("user")
                        .getBoolean("mustChangePassword"))
                .isFalse();
        first.stop().await();
        CentralitaServer second = CentralitaServer.start(config, ServerDatabase::open, p -> Components.none(), env)
                .await();
        assertThat(second.bootstrap().created()).isFalse();
        second.stop().await();
    }
}
