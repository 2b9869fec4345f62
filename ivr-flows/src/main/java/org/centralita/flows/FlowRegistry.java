package org.centralita.flows;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flows in service, loaded from a folder of {@code <name>.yaml} files. A reload validates every changed file;
 * a valid one replaces its flow atomically, an invalid one is reported and never replaces a good version. Calls
 * hold the {@link Flow} value they started with, so a reload never changes a call in progress.
 */
final class FlowRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(FlowRegistry.class);

    private final Path dir;
    private final PromptCatalog prompts;
    private final Predicate<String> actions;
    private final AtomicReference<Map<String, Flow>> flows = new AtomicReference<>(Map.of());
    private final AtomicReference<ReloadReport> last =
            new AtomicReference<>(new ReloadReport(List.of(), List.of(), List.of(), List.of(), List.of()));
    private final AtomicBoolean reloading = new AtomicBoolean();
    private final Map<String, String> reported = new java.util.HashMap<>();

    FlowRegistry(Path dir, PromptCatalog prompts, Predicate<String> actions) {
        this.dir = dir;
        this.prompts = prompts;
        this.actions = actions;
    }

    /** Returns the flow in service under {@code name}. */
    Optional<Flow> get(String name) {
        return Optional.ofNullable(flows.get().get(name));
    }

    /** Returns every flow in service, by name. */
    Map<String, Flow> all() {
        return flows.get();
    }

    /** Returns the report of the last reload. */
    ReloadReport lastReport() {
        return last.get();
    }

    /** Reloads the folder now, blocking (file I/O): call it from a worker. */
    synchronized ReloadReport reloadBlocking() {
        Map<String, Flow> current = flows.get();
        Map<String, Flow> next = new LinkedHashMap<>(current);
        List<String> loaded = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<Problem> fresh = new ArrayList<>();
        Map<String, Path> files = listFiles(dir, problems);
        Set<String> names = new HashSet<>(files.keySet());
        for (Map.Entry<String, Path> e : files.entrySet()) {
            String name = e.getKey();
            String text;
            try {
                text = Files.readString(e.getValue(), StandardCharsets.UTF_8);
            } catch (IOException ex) {
                problems.add(
                        new Problem(e.getValue().getFileName().toString(), 0, 0, "cannot read: " + ex.getMessage()));
                rejected.add(name);
                continue;
            }
            if (current.containsKey(name) && current.get(name).version().equals(FlowParser.digest(text))) {
                unchanged.add(name);
                continue;
            }
            List<Problem> found = new ArrayList<>();
            Optional<Flow> flow = parseAndCheck(
                    e.getValue().getFileName().toString(), name, text, prompts, actions, names::contains, found);
            if (flow.isPresent()
                    && current.containsKey(name)
                    && current.get(name).version().equals(flow.get().version())) {
                unchanged.add(name);
            } else if (flow.isPresent()) {
                next.put(name, flow.get());
                loaded.add(name);
            } else {
                rejected.add(name);
                problems.addAll(found);
                if (!FlowParser.digest(text).equals(reported.put(name, FlowParser.digest(text)))) {
                    fresh.addAll(found);
                }
            }
        }
        for (String name : current.keySet()) {
            if (!files.containsKey(name)) {
                next.remove(name);
                removed.add(name);
            }
        }
        flows.set(Collections.unmodifiableMap(next));
        ReloadReport report = new ReloadReport(loaded, unchanged, rejected, removed, problems);
        last.set(report);
        if (!loaded.isEmpty() || !removed.isEmpty()) {
            LOG.info("flows loaded {} removed {} from {}", loaded, removed, dir);
        }
        // Each bad version is logged once, not at every poll.
        for (Problem p : fresh) {
            LOG.warn("flow rejected, previous version kept: {}", p);
        }
        reported.keySet().retainAll(rejected);
        return report;
    }

    /** Reloads on a worker thread. */
    Future<ReloadReport> reload(Vertx vertx) {
        return vertx.executeBlocking(this::reloadBlocking);
    }

    /** Polls the folder every {@code periodMillis} on a worker; returns the timer id. */
    long watch(Vertx vertx, long periodMillis) {
        return vertx.setPeriodic(periodMillis, id -> {
            if (reloading.compareAndSet(false, true)) {
                reload(vertx).onComplete(ar -> {
                    reloading.set(false);
                    if (ar.failed()) {
                        LOG.error("flow reload failed: {}", ar.cause().toString());
                    }
                });
            }
        });
    }

    static Map<String, Path> listFiles(Path dir, List<Problem> problems) {
        Map<String, Path> files = new java.util.TreeMap<>();
        if (!Files.isDirectory(dir)) {
            problems.add(new Problem(dir.toString(), 0, 0, "flows folder does not exist"));
            return files;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> Files.isRegularFile(p))
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .forEach(p -> {
                        String f = p.getFileName().toString();
                        files.put(f.substring(0, f.lastIndexOf('.')), p);
                    });
        } catch (IOException e) {
            problems.add(new Problem(dir.toString(), 0, 0, "cannot list: " + e.getMessage()));
        }
        return files;
    }

    /** Parses and validates one file, adding its problems to {@code out}. */
    static Optional<Flow> parseAndCheck(
            String file,
            String name,
            String text,
            PromptCatalog prompts,
            Predicate<String> actions,
            Predicate<String> flowNames,
            List<Problem> out) {
        FlowParser.Result r = FlowParser.parse(file, name, text);
        out.addAll(r.problems());
        if (r.flow().isEmpty()) {
            return Optional.empty();
        }
        List<Problem> graph = FlowValidator.check(r.flow().get(), prompts, actions, flowNames);
        out.addAll(graph);
        return graph.isEmpty() && r.problems().isEmpty() ? r.flow() : Optional.empty();
    }
}
