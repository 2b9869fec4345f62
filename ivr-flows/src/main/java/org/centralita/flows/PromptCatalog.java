package org.centralita.flows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The prompts available per language. A prompt is named without extension ({@code welcome}); names with a
 * {@code /} ({@code digits/5}, {@code letters/a}) are Asterisk's own sounds and are not checked.
 */
public interface PromptCatalog {

    /** Returns whether {@code prompt} exists in {@code language}. */
    boolean has(String language, String prompt);

    /** Returns a catalog that accepts every prompt (no check). */
    static PromptCatalog any() {
        return (language, prompt) -> true;
    }

    /**
     * Scans {@code dir/<language>/<prompt>.<ext>} (wav, gsm, ulaw, alaw, sln, g722), the layout of the shipped
     * {@code prompts/} folder.
     *
     * @throws FlowsException if the folder cannot be read
     */
    static PromptCatalog directory(Path dir) {
        Map<String, Set<String>> byLanguage = new HashMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir, 4)) {
                files.filter(Files::isRegularFile).forEach(f -> {
                    Path rel = dir.relativize(f);
                    if (rel.getNameCount() < 2) {
                        return;
                    }
                    String lang = rel.getName(0).toString();
                    String name = rel.subpath(1, rel.getNameCount()).toString().replace('\\', '/');
                    int dot = name.lastIndexOf('.');
                    if (dot > 0) {
                        byLanguage.computeIfAbsent(lang, k -> new HashSet<>()).add(name.substring(0, dot));
                    }
                });
            } catch (IOException e) {
                throw new FlowsException("cannot read prompt folder " + dir + ": " + e.getMessage(), e);
            }
        }
        return (language, prompt) -> byLanguage.getOrDefault(language, Set.of()).contains(prompt);
    }
}
