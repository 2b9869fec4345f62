package org.centralita.flows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.centralita.flows.YamlTree.YList;
import org.centralita.flows.YamlTree.YMap;
import org.centralita.flows.YamlTree.YNode;
import org.centralita.flows.YamlTree.YScalar;

/** Turns the YAML text of one flow file into a {@link Flow}, collecting every problem with its location. */
final class FlowParser {

    private static final Set<String> FLOW_KEYS = Set.of("name", "description", "languages", "start", "agent", "nodes");
    private static final Set<String> COMMON = Set.of("type", "next", "description");
    private static final Map<String, Set<String>> NODE_KEYS = Map.ofEntries(
            Map.entry("play", Set.of("prompts", "barge-in")),
            Map.entry(
                    "menu",
                    Set.of(
                            "prompts",
                            "choices",
                            "no-input",
                            "no-match",
                            "retries",
                            "timeout",
                            "operator",
                            "exhausted")),
            Map.entry(
                    "collect",
                    Set.of(
                            "prompts",
                            "variable",
                            "sensitive",
                            "min",
                            "max",
                            "terminator",
                            "timeout",
                            "validator",
                            "no-input",
                            "invalid",
                            "retries",
                            "failure")),
            Map.entry("say", Set.of("kind", "value", "currency")),
            Map.entry("branch", Set.of("cases", "else")),
            Map.entry("set", Set.of("values")),
            Map.entry("http", Set.of("method", "url", "body", "timeout", "map", "error")),
            Map.entry("action", Set.of("name", "args", "outcomes")),
            Map.entry("hours", Set.of("timezone", "week", "holidays", "open", "closed")),
            Map.entry("transfer", Set.of("group", "intent", "application")),
            Map.entry("goto", Set.of("target")),
            Map.entry("subflow", Set.of("flow")),
            Map.entry("hangup", Set.of("prompts")));

    private final String file;
    private final List<Problem> problems = new ArrayList<>();

    private FlowParser(String file) {
        this.file = file;
    }

    /** The outcome of parsing: a flow if the structure was readable, and the problems found. */
    record Result(Optional<Flow> flow, List<Problem> problems) {}

    /** Parses one flow file; {@code defaultName} is the file name without {@code .yaml}. */
    static Result parse(String file, String defaultName, String text) {
        FlowParser p = new FlowParser(file);
        Flow flow = null;
        try {
            YNode root = YamlTree.parse(text);
            flow = p.flow(root, defaultName, digest(text));
        } catch (YamlTree.YamlSyntaxException e) {
            p.problems.add(Problem.at(file, e.loc, e.getMessage()));
        }
        return new Result(Optional.ofNullable(flow), List.copyOf(p.problems));
    }

    static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new FlowsException("SHA-256 missing from the JVM", e);
        }
    }

    private void problem(Loc loc, String message) {
        problems.add(Problem.at(file, loc, message));
    }

    private Flow flow(YNode root, String defaultName, String version) {
        if (!(root instanceof YMap map)) {
            problem(root.loc(), "a flow file must be a mapping with 'nodes:'");
            return null;
        }
        unknownKeys(map, FLOW_KEYS, "flow");
        String name = optText(map, "name").orElse(defaultName);
        if (!name.equals(defaultName)) {
            problem(map.get("name").loc(), "flow name '" + name + "' must match the file name '" + defaultName + "'");
        }
        List<String> languages = texts(map, "languages");
        if (languages.isEmpty()) {
            problem(map.loc(), "missing 'languages:' (e.g. [es, en])");
            languages = List.of("es");
        }
        for (String l : languages) {
            if (!l.matches("[a-z]{2}(_[A-Z]{2})?")) {
                problem(map.get("languages").loc(), "bad language code '" + l + "'");
            }
        }
        Node.Edge start = edge(map, "start", true);
        Optional<Node.Edge> agent = Optional.ofNullable(edge(map, "agent", false));
        Map<String, Node> nodes = new LinkedHashMap<>();
        YNode nodesNode = map.get("nodes");
        if (!(nodesNode instanceof YMap nodeMap) || nodeMap.entries().isEmpty()) {
            problem(nodesNode == null ? map.loc() : nodesNode.loc(), "missing or empty 'nodes:'");
        } else {
            for (Map.Entry<String, YNode> e : nodeMap.entries().entrySet()) {
                String id = e.getKey();
                Loc keyLoc = nodeMap.keyLocs().get(id);
                if (id.equals(Flow.END)) {
                    problem(keyLoc, "'end' is reserved (it ends the flow); rename the node");
                    continue;
                }
                Node n = node(id, keyLoc, e.getValue());
                if (n != null) {
                    nodes.put(id, n);
                }
            }
        }
        if (start == null || !problems.isEmpty()) {
            return null;
        }
        return new Flow(name, file, version, languages, start, agent, nodes);
    }

    private void unknownKeys(YMap map, Set<String> allowed, String what) {
        for (Map.Entry<String, Loc> k : map.keyLocs().entrySet()) {
            if (!allowed.contains(k.getKey())) {
                problem(k.getValue(), "unknown field '" + k.getKey() + "' for " + what);
            }
        }
    }

    private Node node(String id, Loc loc, YNode value) {
        if (!(value instanceof YMap m)) {
            problem(value.loc(), "node '" + id + "' must be a mapping with a 'type:'");
            return null;
        }
        Optional<String> type = optText(m, "type");
        if (type.isEmpty()) {
            problem(loc, "node '" + id + "' has no 'type:'");
            return null;
        }
        Set<String> allowed = NODE_KEYS.get(type.get());
        if (allowed == null) {
            problem(
                    m.get("type").loc(),
                    "unknown node type '" + type.get() + "' (known: "
                            + String.join(", ", new java.util.TreeSet<>(NODE_KEYS.keySet())) + ")");
            return null;
        }
        Set<String> all = new HashSet<>(allowed);
        all.addAll(COMMON);
        unknownKeys(m, all, "a " + type.get() + " node");
        int before = problems.size();
        Node n = build(type.get(), id, loc, m);
        return problems.size() == before ? n : null;
    }

    private Node build(String type, String id, Loc loc, YMap m) {
        switch (type) {
            case "play":
                return new Node.Play(
                        id, loc, prompts(m, "prompts", true), bool(m, "barge-in", true), edge(m, "next", true));
            case "menu":
                return menu(id, loc, m);
            case "collect":
                return collect(id, loc, m);
            case "say":
                return say(id, loc, m);
            case "branch":
                return branch(id, loc, m);
            case "set":
                return set(id, loc, m);
            case "http":
                return http(id, loc, m);
            case "action":
                return action(id, loc, m);
            case "hours":
                return hours(id, loc, m);
            case "transfer":
                return new Node.Transfer(
                        id,
                        loc,
                        template(m, "group", true),
                        optTemplate(m, "intent").orElse(Template.literal("")),
                        optText(m, "application"));
            case "goto":
                return new Node.Goto(id, loc, edge(m, "target", true));
            case "subflow": {
                String flow = optText(m, "flow").orElse("");
                if (flow.isEmpty()) {
                    problem(loc, "subflow needs 'flow:'");
                }
                return new Node.Subflow(
                        id,
                        loc,
                        flow,
                        m.get("flow") == null ? loc : m.get("flow").loc(),
                        edge(m, "next", true));
            }
            case "hangup":
                return new Node.Hangup(id, loc, prompts(m, "prompts", false));
            default:
                throw new IllegalStateException(type);
        }
    }

    private Node menu(String id, Loc loc, YMap m) {
        Map<Character, Node.Edge> choices = new LinkedHashMap<>();
        YNode c = m.get("choices");
        if (!(c instanceof YMap cm) || cm.entries().isEmpty()) {
            problem(c == null ? loc : c.loc(), "menu needs 'choices:' (key: node)");
        } else {
            for (Map.Entry<String, YNode> e : cm.entries().entrySet()) {
                Loc kl = cm.keyLocs().get(e.getKey());
                String key = e.getKey();
                if (key.length() != 1 || "0123456789#".indexOf(key.charAt(0)) < 0) {
                    problem(kl, "menu key '" + key + "' must be one of 1-9 or # ('*' repeats, '0' reaches a person)");
                    continue;
                }
                if (key.equals("0")) {
                    problem(kl, "menu key '0' is reserved: it reaches a person (set 'operator:' to choose where)");
                    continue;
                }
                String target = scalar(e.getValue(), "menu choice");
                if (target != null) {
                    choices.put(
                            key.charAt(0), new Node.Edge(target, e.getValue().loc()));
                }
            }
        }
        int retries = integer(m, "retries", 3, 1, 10);
        return new Node.Menu(
                id,
                loc,
                prompts(m, "prompts", true),
                choices,
                prompts(m, "no-input", false),
                prompts(m, "no-match", false),
                retries,
                duration(m, "timeout", Duration.ofSeconds(5)),
                edge(m, "operator", false),
                edge(m, "exhausted", false));
    }

    private Node collect(String id, Loc loc, YMap m) {
        int min = integer(m, "min", 1, 1, 32);
        int max = integer(m, "max", min, 1, 32);
        if (max < min) {
            problem(loc, "collect 'max' (" + max + ") is below 'min' (" + min + ")");
            max = min;
        }
        String terminator = optText(m, "terminator").orElse("#");
        if (!terminator.equals("#") && !terminator.equals("none")) {
            problem(m.get("terminator").loc(), "terminator must be '#' or 'none' (Asterisk GET DATA ends on #)");
        }
        String variable = optText(m, "variable").orElse("");
        if (!variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            problem(m.get("variable") == null ? loc : m.get("variable").loc(), "collect needs 'variable:' (a name)");
        }
        return new Node.Collect(
                id,
                loc,
                prompts(m, "prompts", true),
                variable,
                bool(m, "sensitive", false),
                min,
                max,
                duration(m, "timeout", Duration.ofSeconds(6)),
                validator(m),
                prompts(m, "no-input", false),
                prompts(m, "invalid", false),
                integer(m, "retries", 3, 1, 10),
                edge(m, "next", true),
                edge(m, "failure", false));
    }

    private Optional<DigitValidator> validator(YMap m) {
        YNode v = m.get("validator");
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof YScalar s && s.text() != null) {
            switch (s.text()) {
                case "luhn":
                    return Optional.of(new DigitValidator.Luhn());
                case "mmyy":
                    return Optional.of(new DigitValidator.MonthYear());
                default:
                    problem(v.loc(), "unknown validator '" + s.text() + "' (luhn, mmyy, {range: ...}, {regex: ...})");
                    return Optional.empty();
            }
        }
        if (v instanceof YMap vm && vm.entries().size() == 1) {
            String kind = vm.entries().keySet().iterator().next();
            YNode arg = vm.get(kind);
            if (kind.equals("regex")) {
                String re = scalar(arg, "regex");
                try {
                    return re == null ? Optional.empty() : Optional.of(new DigitValidator.Regex(Pattern.compile(re)));
                } catch (PatternSyntaxException e) {
                    problem(arg.loc(), "bad regex: " + e.getDescription());
                    return Optional.empty();
                }
            }
            if (kind.equals("range") && arg instanceof YMap rm) {
                Template min = template(rm, "min", true);
                Template max = template(rm, "max", true);
                for (Template t : new Template[] {min, max}) {
                    if (t != null && t.isLiteral() && !t.source().matches("-?\\d+(\\.\\d+)?")) {
                        problem(arg.loc(), "range bound '" + t.source() + "' is not a number");
                    }
                }
                return min == null || max == null ? Optional.empty() : Optional.of(new DigitValidator.Range(min, max));
            }
        }
        problem(v.loc(), "bad validator: use luhn, mmyy, {range: {min: 1, max: 500}} or {regex: '...'}");
        return Optional.empty();
    }

    private Node say(String id, Loc loc, YMap m) {
        String kind = optText(m, "kind").orElse("");
        Node.SayKind k;
        try {
            k = Node.SayKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problem(
                    m.get("kind") == null ? loc : m.get("kind").loc(),
                    "say 'kind:' must be number, digits, date or currency");
            k = Node.SayKind.NUMBER;
        }
        Template currency = optTemplate(m, "currency").orElse(Template.literal("EUR"));
        if (currency.isLiteral() && !SayPhrases.CURRENCIES.contains(currency.source())) {
            problem(
                    m.get("currency").loc(),
                    "unsupported currency '" + currency.source() + "' (" + SayPhrases.CURRENCIES + ")");
        }
        return new Node.Say(id, loc, k, template(m, "value", true), currency, edge(m, "next", true));
    }

    private Node branch(String id, Loc loc, YMap m) {
        List<Node.Case> cases = new ArrayList<>();
        YNode c = m.get("cases");
        if (!(c instanceof YList list) || list.items().isEmpty()) {
            problem(c == null ? loc : c.loc(), "branch needs 'cases:' (a list of {if: expression, next: node})");
        } else {
            for (YNode item : list.items()) {
                if (!(item instanceof YMap im)) {
                    problem(item.loc(), "a case is {if: expression, next: node}");
                    continue;
                }
                unknownKeys(im, Set.of("if", "next"), "a branch case");
                Expr e = expr(im, "if");
                Node.Edge next = edge(im, "next", true);
                if (e != null && next != null) {
                    cases.add(new Node.Case(e, next));
                }
            }
        }
        return new Node.Branch(id, loc, cases, edge(m, "else", true));
    }

    private Node set(String id, Loc loc, YMap m) {
        Map<String, Node.SetVars.Value> values = new LinkedHashMap<>();
        YNode v = m.get("values");
        if (!(v instanceof YMap vm) || vm.entries().isEmpty()) {
            problem(v == null ? loc : v.loc(), "set needs 'values:' (name: text, or name: '=expression')");
        } else {
            for (Map.Entry<String, YNode> e : vm.entries().entrySet()) {
                String text = scalar(e.getValue(), "value");
                if (text == null) {
                    continue;
                }
                if (text.startsWith("=")) {
                    try {
                        values.put(e.getKey(), new Node.SetVars.Computed(Expr.parse(text.substring(1))));
                    } catch (Expr.ParseException ex) {
                        problem(e.getValue().loc(), "bad expression: " + ex.getMessage());
                    }
                } else {
                    try {
                        values.put(e.getKey(), new Node.SetVars.Text(Template.parse(text)));
                    } catch (IllegalArgumentException ex) {
                        problem(e.getValue().loc(), ex.getMessage());
                    }
                }
            }
        }
        return new Node.SetVars(id, loc, values, edge(m, "next", true));
    }

    private Node http(String id, Loc loc, YMap m) {
        String method = optText(m, "method").orElse("GET").toUpperCase(java.util.Locale.ROOT);
        if (!Set.of("GET", "POST", "PUT").contains(method)) {
            problem(m.get("method").loc(), "http method must be GET, POST or PUT");
        }
        Map<String, Template> body = new LinkedHashMap<>();
        if (m.get("body") instanceof YMap bm) {
            bm.entries().forEach((k, v) -> {
                String t = scalar(v, "body field");
                if (t != null) {
                    body.put(k, Template.parse(t));
                }
            });
        }
        Map<String, String> map = new LinkedHashMap<>();
        if (m.get("map") instanceof YMap mm) {
            mm.entries().forEach((k, v) -> {
                String ptr = scalar(v, "JSON pointer");
                if (ptr != null && !ptr.startsWith("/")) {
                    problem(v.loc(), "map values are JSON pointers such as /balance/amount");
                } else if (ptr != null) {
                    map.put(k, ptr);
                }
            });
        }
        return new Node.Http(
                id,
                loc,
                method,
                template(m, "url", true),
                body,
                duration(m, "timeout", Duration.ofSeconds(3)),
                map,
                edge(m, "next", true),
                edge(m, "error", true));
    }

    private Node action(String id, Loc loc, YMap m) {
        Map<String, Template> args = new LinkedHashMap<>();
        if (m.get("args") instanceof YMap am) {
            am.entries().forEach((k, v) -> {
                String t = scalar(v, "argument");
                if (t != null) {
                    args.put(k, Template.parse(t));
                }
            });
        }
        Map<String, Node.Edge> outcomes = new LinkedHashMap<>();
        if (m.get("outcomes") instanceof YMap om) {
            om.entries().forEach((k, v) -> {
                String t = scalar(v, "outcome target");
                if (t != null) {
                    outcomes.put(k, new Node.Edge(t, v.loc()));
                }
            });
        }
        String name = optText(m, "name").orElse("");
        if (name.isEmpty()) {
            problem(loc, "action needs 'name:'");
        }
        return new Node.Action(id, loc, name, args, outcomes, edge(m, "next", true));
    }

    private Node hours(String id, Loc loc, YMap m) {
        ZoneId zone = ZoneId.of("UTC");
        Optional<String> tz = optText(m, "timezone");
        if (tz.isEmpty()) {
            problem(loc, "hours needs 'timezone:' (e.g. Europe/Madrid)");
        } else {
            try {
                zone = ZoneId.of(tz.get());
            } catch (DateTimeException e) {
                problem(m.get("timezone").loc(), "unknown time zone '" + tz.get() + "'");
            }
        }
        Map<DayOfWeek, List<Node.TimeRange>> week = new EnumMap<>(DayOfWeek.class);
        if (m.get("week") instanceof YMap wm) {
            for (Map.Entry<String, YNode> e : wm.entries().entrySet()) {
                Loc kl = wm.keyLocs().get(e.getKey());
                List<DayOfWeek> days = days(e.getKey(), kl);
                List<Node.TimeRange> ranges = new ArrayList<>();
                List<String> specs = e.getValue() instanceof YList l
                        ? l.items().stream().map(i -> scalar(i, "time range")).toList()
                        : List.of(String.valueOf(scalar(e.getValue(), "time range")));
                for (String spec : specs) {
                    try {
                        String[] p = spec.split("-");
                        ranges.add(new Node.TimeRange(LocalTime.parse(p[0].trim()), LocalTime.parse(p[1].trim())));
                    } catch (RuntimeException ex) {
                        problem(e.getValue().loc(), "bad time range '" + spec + "' (use 09:00-18:00)");
                    }
                }
                days.forEach(d -> week.put(d, List.copyOf(ranges)));
            }
        } else {
            problem(loc, "hours needs 'week:' (e.g. mon-fri: 09:00-18:00)");
        }
        Set<LocalDate> holidays = new HashSet<>();
        Set<java.time.MonthDay> yearly = new HashSet<>();
        if (m.get("holidays") instanceof YList hl) {
            for (YNode h : hl.items()) {
                String text = String.valueOf(scalar(h, "holiday")).trim();
                try {
                    if (text.matches("\\d{2}-\\d{2}")) {
                        yearly.add(java.time.MonthDay.parse("--" + text));
                    } else {
                        holidays.add(LocalDate.parse(text));
                    }
                } catch (DateTimeException e) {
                    problem(h.loc(), "bad holiday '" + text + "' (use 2026-04-03 for one date, 12-25 for every year)");
                }
            }
        } else if (m.get("holidays") != null) {
            problem(m.get("holidays").loc(), "'holidays' must be a list of dates");
        }
        return new Node.Hours(id, loc, zone, week, holidays, yearly, edge(m, "open", true), edge(m, "closed", true));
    }

    private List<DayOfWeek> days(String spec, Loc loc) {
        List<String> names = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
        String[] p = spec.toLowerCase(java.util.Locale.ROOT).split("-");
        int a = names.indexOf(p[0].trim());
        int b = p.length > 1 ? names.indexOf(p[1].trim()) : a;
        if (a < 0 || b < 0 || b < a || p.length > 2) {
            problem(loc, "bad day range '" + spec + "' (use mon, mon-fri, sat)");
            return List.of();
        }
        List<DayOfWeek> out = new ArrayList<>();
        for (int i = a; i <= b; i++) {
            out.add(DayOfWeek.of(i + 1));
        }
        return out;
    }

    // ---- small readers ----

    private String scalar(YNode n, String what) {
        if (n instanceof YScalar s && s.text() != null) {
            return s.text();
        }
        problem(n.loc(), what + " must be a single value");
        return null;
    }

    private Optional<String> optText(YMap m, String key) {
        YNode n = m.get(key);
        return n == null ? Optional.empty() : Optional.ofNullable(scalar(n, "'" + key + "'"));
    }

    private List<String> texts(YMap m, String key) {
        YNode n = m.get(key);
        if (n == null) {
            return List.of();
        }
        if (n instanceof YScalar) {
            String s = scalar(n, key);
            return s == null ? List.of() : List.of(s);
        }
        if (n instanceof YList l) {
            List<String> out = new ArrayList<>();
            for (YNode i : l.items()) {
                String s = scalar(i, "an item of '" + key + "'");
                if (s != null) {
                    out.add(s);
                }
            }
            return out;
        }
        problem(n.loc(), "'" + key + "' must be a list");
        return List.of();
    }

    private List<String> prompts(YMap m, String key, boolean required) {
        List<String> p = texts(m, key);
        if (required && p.isEmpty()) {
            problem(m.get(key) == null ? m.loc() : m.get(key).loc(), "missing '" + key + ":' (a list of prompt names)");
        }
        return p;
    }

    private Node.Edge edge(YMap m, String key, boolean required) {
        YNode n = m.get(key);
        if (n == null) {
            if (required) {
                problem(m.loc(), "missing '" + key + ":'");
            }
            return null;
        }
        String t = scalar(n, "'" + key + "'");
        return t == null ? null : new Node.Edge(t, n.loc());
    }

    private Template template(YMap m, String key, boolean required) {
        YNode n = m.get(key);
        if (n == null) {
            if (required) {
                problem(m.loc(), "missing '" + key + ":'");
            }
            return null;
        }
        String t = scalar(n, "'" + key + "'");
        if (t == null) {
            return null;
        }
        try {
            return Template.parse(t);
        } catch (IllegalArgumentException e) {
            problem(n.loc(), e.getMessage());
            return null;
        }
    }

    private Optional<Template> optTemplate(YMap m, String key) {
        return m.get(key) == null ? Optional.empty() : Optional.ofNullable(template(m, key, false));
    }

    private Expr expr(YMap m, String key) {
        YNode n = m.get(key);
        if (n == null) {
            problem(m.loc(), "missing '" + key + ":'");
            return null;
        }
        String t = scalar(n, "'" + key + "'");
        if (t == null) {
            return null;
        }
        try {
            return Expr.parse(t);
        } catch (Expr.ParseException e) {
            problem(new Loc(n.loc().line(), n.loc().column() + e.offset()), "bad expression: " + e.getMessage());
            return null;
        }
    }

    private boolean bool(YMap m, String key, boolean def) {
        Optional<String> t = optText(m, key);
        if (t.isEmpty()) {
            return def;
        }
        if (!t.get().equals("true") && !t.get().equals("false")) {
            problem(m.get(key).loc(), "'" + key + "' must be true or false");
        }
        return Boolean.parseBoolean(t.get());
    }

    private int integer(YMap m, String key, int def, int min, int max) {
        Optional<String> t = optText(m, key);
        if (t.isEmpty()) {
            return def;
        }
        try {
            int v = Integer.parseInt(t.get());
            if (v < min || v > max) {
                problem(m.get(key).loc(), "'" + key + "' must be between " + min + " and " + max);
                return def;
            }
            return v;
        } catch (NumberFormatException e) {
            problem(m.get(key).loc(), "'" + key + "' must be a whole number");
            return def;
        }
    }

    private Duration duration(YMap m, String key, Duration def) {
        Optional<String> t = optText(m, key);
        if (t.isEmpty()) {
            return def;
        }
        String s = t.get().trim();
        try {
            Duration d = s.endsWith("ms")
                    ? Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)))
                    : s.endsWith("s")
                            ? Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000))
                            : Duration.ofSeconds(Long.parseLong(s));
            if (d.isNegative() || d.isZero() || d.toSeconds() > 120) {
                problem(m.get(key).loc(), "'" + key + "' must be between 1ms and 120s");
                return def;
            }
            return d;
        } catch (NumberFormatException e) {
            problem(m.get(key).loc(), "'" + key + "' must be a duration such as 5s or 800ms");
            return def;
        }
    }
}
