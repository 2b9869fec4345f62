package org.centralita.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.centralita.server.agent.FlowsComponent;
import org.centralita.server.telephony.FastAgiComponent;
import org.junit.jupiter.api.Test;

/** The IVR flows of flows.dir are loaded by serve before the FastAGI listener, one AGI script per flow. */
class FlowsComponentTest {

    static Path repoFlows() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("flows"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository flows/ folder").isNotNull();
        return dir.resolve("flows");
    }

    @Test
    void theShippedFlowsAreLoadedAndServedAsAgiScripts() {
        AtomicReference<FlowsComponent> flows = new AtomicReference<>();
        try (TestServer ts = TestServer.start(
                Map.of("CENTRALITA_FLOWS_DIR", repoFlows().toString(), "CENTRALITA_AGI_PORT", "0"), p -> {
                    flows.set(FlowsComponent.create(p));
                    FastAgiComponent agi = new FastAgiComponent(p, flows.get()::registerScripts);
                    return Components.builder()
                            .flows(flows.get())
                            .agiServer(agi)
                            .build();
                })) {
            assertThat(flows.get().flows()).isNotNull();
            assertThat(flows.get().flows().has("main")).isTrue();
        }
    }

    @Test
    void aMissingFlowsFolderLeavesTheServerRunningWithoutIvr() {
        AtomicReference<FlowsComponent> flows = new AtomicReference<>();
        try (TestServer ts = TestServer.start(Map.of("CENTRALITA_FLOWS_DIR", "/nonexistent/flows"), p -> {
            flows.set(FlowsComponent.create(p));
            return Components.builder().flows(flows.get()).build();
        })) {
            assertThat(flows.get().flows()).isNull();
            assertThat(new Http(ts.base).get("/health").status()).isEqualTo(200);
        }
    }
}
