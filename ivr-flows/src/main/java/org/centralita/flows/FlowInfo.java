package org.centralita.flows;

import java.util.List;

/**
 * A flow in service, for the HTTP API.
 *
 * @param name flow name (AGI script name)
 * @param file its file
 * @param version digest of the file's content
 * @param languages declared languages
 * @param nodes number of nodes
 */
public record FlowInfo(String name, String file, String version, List<String> languages, int nodes) {
    public FlowInfo {
        languages = List.copyOf(languages);
    }

    static FlowInfo of(Flow f) {
        return new FlowInfo(
                f.name(), f.file(), f.version(), f.languages(), f.nodes().size());
    }
}
