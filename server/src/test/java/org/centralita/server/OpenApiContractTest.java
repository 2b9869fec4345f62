package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.centralita.server.health.OperationsApi;
import org.centralita.server.http.Access;
import org.centralita.server.http.RouteSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps /api/openapi.yaml honest: every registered route is documented with its access, and vice versa. */
class OpenApiContractTest {
    static TestServer ts;

    @BeforeAll
    static void start() {
        ts = TestServer.start(Map.of());
    }

    @AfterAll
    static void stop() {
        ts.close();
    }

    static Map<String, String> documented() throws Exception {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(OperationsApi.loadOpenApi());
        Map<String, String> out = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields();
            while (ops.hasNext()) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                JsonNode access = op.getValue().get("x-centralita-access");
                assertThat(access)
                        .as(op.getKey() + " " + p.getKey() + " lacks x-centralita-access")
                        .isNotNull();
                String a = access.asText();
                if (access.isArray()) {
                    TreeSet<String> roles = new TreeSet<>();
                    access.forEach(n -> roles.add(n.asText()));
                    a = String.join(",", roles);
                }
                out.put(op.getKey().toUpperCase() + " " + p.getKey(), a);
            }
        }
        return out;
    }

    static String access(Access a) {
        if (!a.authenticated()) {
            return "anyone";
        }
        if (a.roles().isEmpty()) {
            return "signed-in";
        }
        return a.roles().stream().map(r -> r.id()).sorted().collect(Collectors.joining(","));
    }

    @Test
    void everyRegisteredRouteIsDocumentedWithItsAccessAndViceVersa() throws Exception {
        Map<String, String> registered = new TreeMap<>();
        for (RouteSpec r : ts.server.routes()) {
            registered.put(r.method().name() + " " + r.openApiPath(), access(r.access()));
        }
        Map<String, String> documented = documented();
        Set<String> undocumented = new TreeSet<>(registered.keySet());
        undocumented.removeAll(documented.keySet());
        Set<String> unregistered = new TreeSet<>(documented.keySet());
        unregistered.removeAll(registered.keySet());
        assertThat(undocumented).as("routes missing from openapi.yaml").isEmpty();
        assertThat(unregistered)
                .as("documented routes the server does not have")
                .isEmpty();
        assertThat(documented)
                .as("x-centralita-access must match the route table")
                .isEqualTo(registered);
    }

    @Test
    void theDocumentIsServedAsYaml() {
        Http.Resp r = new Http(ts.base).get("/api/openapi.yaml");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/yaml");
        assertThat(r.body()).startsWith("openapi: 3");
    }
}
