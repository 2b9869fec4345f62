package org.centralita.flows;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A string with {@code ${variable}} references, rendered against the call's {@link Vars}. */
public record Template(String source, List<Object> parts) {

    private static final Pattern REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)}");

    public Template {
        Objects.requireNonNull(source, "source");
        parts = List.copyOf(parts);
    }

    /** A variable reference inside a template. */
    record Ref(String name) {}

    /** Parses {@code source}; a {@code ${} that is not a valid reference is an error. */
    public static Template parse(String source) {
        List<Object> parts = new ArrayList<>();
        Matcher m = REF.matcher(source);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                parts.add(source.substring(last, m.start()));
            }
            parts.add(new Ref(m.group(1)));
            last = m.end();
        }
        if (last < source.length()) {
            parts.add(source.substring(last));
        }
        for (Object p : parts) {
            if (p instanceof String s && s.contains("${")) {
                throw new IllegalArgumentException("bad variable reference in '" + source + "' (use ${name})");
            }
        }
        return new Template(source, parts);
    }

    /** Returns a template holding exactly {@code text}. */
    public static Template literal(String text) {
        return new Template(text, List.of(text));
    }

    /** Returns whether the template references any variable. */
    public boolean isLiteral() {
        return parts.stream().noneMatch(p -> p instanceof Ref);
    }

    /** Renders the template; secrets render as their mask, unset variables as {@code ""}. */
    public String render(Vars vars) {
        if (parts.size() == 1 && parts.get(0) instanceof String s) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            sb.append(p instanceof Ref r ? vars.text(r.name()) : (String) p);
        }
        return sb.toString();
    }

    /** Returns the single variable this template is exactly made of ({@code ${card}}), if so. */
    public java.util.Optional<String> soleVariable() {
        return parts.size() == 1 && parts.get(0) instanceof Ref r
                ? java.util.Optional.of(r.name())
                : java.util.Optional.empty();
    }
}
