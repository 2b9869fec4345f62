package org.centralita.flows;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML document as a tree whose every node knows its line and column (Jackson's streaming locations). */
final class YamlTree {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlTree() {}

    /** A node of the tree. */
    sealed interface YNode permits YMap, YList, YScalar {
        Loc loc();
    }

    /** A mapping; keys keep their own locations. */
    record YMap(Map<String, YNode> entries, Map<String, Loc> keyLocs, Loc loc) implements YNode {
        YNode get(String key) {
            return entries.get(key);
        }
    }

    /** A sequence. */
    record YList(List<YNode> items, Loc loc) implements YNode {}

    /** A scalar; {@code text} is null for a YAML null. */
    record YScalar(String text, Loc loc) implements YNode {}

    /** Thrown for malformed YAML, with the location Jackson reported. */
    static final class YamlSyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        final Loc loc;

        YamlSyntaxException(String message, Loc loc) {
            super(message);
            this.loc = loc;
        }
    }

    /** Parses one YAML document. */
    static YNode parse(String text) throws YamlSyntaxException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new YMap(Map.of(), Map.of(), new Loc(1, 1));
            }
            return read(p);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            Loc loc = l == null ? Loc.UNKNOWN : new Loc(Math.max(0, l.getLineNr()), Math.max(0, l.getColumnNr()));
            throw new YamlSyntaxException("malformed YAML: " + e.getOriginalMessage(), loc);
        } catch (IOException e) {
            throw new YamlSyntaxException("cannot read YAML: " + e.getMessage(), Loc.UNKNOWN);
        }
    }

    private static Loc loc(JsonParser p) {
        JsonLocation l = p.currentTokenLocation();
        return new Loc(Math.max(0, l.getLineNr()), Math.max(0, l.getColumnNr()));
    }

    private static YNode read(JsonParser p) throws IOException, YamlSyntaxException {
        JsonToken t = p.currentToken();
        Loc here = loc(p);
        switch (t) {
            case START_OBJECT: {
                Map<String, YNode> entries = new LinkedHashMap<>();
                Map<String, Loc> keys = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    Loc keyLoc = loc(p);
                    if (entries.containsKey(name)) {
                        throw new YamlSyntaxException("duplicate key '" + name + "'", keyLoc);
                    }
                    p.nextToken();
                    entries.put(name, read(p));
                    keys.put(name, keyLoc);
                }
                return new YMap(Collections.unmodifiableMap(entries), Collections.unmodifiableMap(keys), here);
            }
            case START_ARRAY: {
                List<YNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p));
                }
                return new YList(List.copyOf(items), here);
            }
            case VALUE_NULL:
                return new YScalar(null, here);
            default:
                return new YScalar(p.getText(), here);
        }
    }
}
