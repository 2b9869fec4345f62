package org.centralita.dialer.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.centralita.dialer.DialerException;
import org.centralita.gateway.call.SimDistribution;

/**
 * A simulated campaign day, read from YAML with the keys documented in docs/pacing.md.
 *
 * @param name the scenario's name (the file name without extension)
 * @param agents number of agents, logged in and ready all day
 * @param hours simulated hours
 * @param humanAnswerRate fraction of calls a person answers
 * @param machineRate fraction answered by a machine
 * @param busyRate fraction busy
 * @param failedRate fraction failed (congestion)
 * @param ringSeconds time to answer (lognormal)
 * @param noAnswerTimeoutSeconds ring timeout for unanswered calls (at least 15)
 * @param talkSeconds talk time (lognormal)
 * @param wrapUpSeconds wrap-up time (lognormal)
 * @param amd answering-machine detection
 * @param connectDeadlineSeconds connect deadline (default 2)
 * @param abandonTarget abandon cap (default 0.03)
 * @param answerRateDrift changes of the human answer rate during the day (default none)
 */
public record Scenario(
        String name,
        int agents,
        double hours,
        double humanAnswerRate,
        double machineRate,
        double busyRate,
        double failedRate,
        SimDistribution ringSeconds,
        double noAnswerTimeoutSeconds,
        SimDistribution talkSeconds,
        SimDistribution wrapUpSeconds,
        Amd amd,
        double connectDeadlineSeconds,
        double abandonTarget,
        List<Drift> answerRateDrift) {

    /** AMD settings: {@code falseMachineRate} is the share of machine verdicts that were people. */
    public record Amd(boolean enabled, double detectSeconds, double falseMachineRate, double falseHumanRate) {}

    /** From {@code atHour} (hours since the start of the day) the human answer rate is {@code humanAnswerRate}. */
    public record Drift(double atHour, double humanAnswerRate) {}

    private static final Set<String> KEYS = Set.of(
            "agents",
            "hours",
            "humanAnswerRate",
            "machineRate",
            "busyRate",
            "failedRate",
            "ringSeconds",
            "noAnswerTimeoutSeconds",
            "talkSeconds",
            "wrapUpSeconds",
            "amd",
            "connectDeadlineSeconds",
            "abandonTarget",
            "answerRateDrift");

    public Scenario {
        Objects.requireNonNull(name, "name");
        if (agents < 1) {
            throw bad("agents must be 1 or more, was " + agents);
        }
        if (!(hours > 0 && hours <= 24 * 31)) {
            throw bad("hours must be > 0 and at most 744, was " + hours);
        }
        for (double r : new double[] {humanAnswerRate, machineRate, busyRate, failedRate}) {
            if (!(r >= 0 && r <= 1)) {
                throw bad("rates must be within [0, 1], was " + r);
            }
        }
        if (humanAnswerRate + machineRate + busyRate + failedRate > 1 + 1e-9) {
            throw bad("humanAnswerRate + machineRate + busyRate + failedRate must not exceed 1");
        }
        if (noAnswerTimeoutSeconds < 15) {
            throw bad("noAnswerTimeoutSeconds must be at least 15 (unanswered calls ring 15 s or more), was "
                    + noAnswerTimeoutSeconds);
        }
        if (!(connectDeadlineSeconds >= 0)) {
            throw bad("connectDeadlineSeconds must be 0 or more, was " + connectDeadlineSeconds);
        }
        if (!(abandonTarget > 0 && abandonTarget < 1)) {
            throw bad("abandonTarget must be in (0, 1), was " + abandonTarget);
        }
        Objects.requireNonNull(amd, "amd");
        if (!(amd.falseMachineRate() >= 0 && amd.falseMachineRate() < 1)
                || !(amd.falseHumanRate() >= 0 && amd.falseHumanRate() < 1)
                || !(amd.detectSeconds() >= 0)) {
            throw bad("amd: detectSeconds must be >= 0 and error rates in [0, 1)");
        }
        answerRateDrift = answerRateDrift == null ? List.of() : List.copyOf(answerRateDrift);
        for (Drift d : answerRateDrift) {
            if (!(d.atHour() >= 0) || !(d.humanAnswerRate() >= 0 && d.humanAnswerRate() <= 1)) {
                throw bad("answerRateDrift entries need atHour >= 0 and humanAnswerRate in [0, 1]");
            }
            if (d.humanAnswerRate() + machineRate + busyRate + failedRate > 1 + 1e-9) {
                throw bad("answerRateDrift at hour " + d.atHour() + ": rates exceed 1");
            }
        }
        answerRateDrift = answerRateDrift.stream()
                .sorted(Comparator.comparingDouble(Drift::atHour))
                .toList();
    }

    /** Returns the human answer rate in force {@code hoursIn} hours after the start. */
    public double humanRateAt(double hoursIn) {
        double r = humanAnswerRate;
        for (Drift d : answerRateDrift) {
            if (hoursIn >= d.atHour()) {
                r = d.humanAnswerRate();
            }
        }
        return r;
    }

    /** Reads a scenario file; the name is the file name without its extension. */
    public static Scenario load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new DialerException("cannot read scenario " + file + ": " + e.getMessage(), e);
        }
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        return parse(dot > 0 ? fileName.substring(0, dot) : fileName, text);
    }

    /** Parses scenario YAML. */
    public static Scenario parse(String name, String yaml) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new DialerException("scenario " + name + " is not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw bad("scenario " + name + " must be a YAML mapping");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw bad("scenario " + name + ": unknown key '" + k + "' (known: " + KEYS + ")");
            }
        }
        JsonNode amd = required(root, "amd", name);
        List<Drift> drift = new ArrayList<>();
        JsonNode d = root.get("answerRateDrift");
        if (d != null && !d.isNull()) {
            if (!d.isArray()) {
                throw bad("scenario " + name + ": answerRateDrift must be a list of {atHour, humanAnswerRate}");
            }
            for (JsonNode e : d) {
                drift.add(new Drift(number(e, "atHour", name), number(e, "humanAnswerRate", name)));
            }
        }
        try {
            return new Scenario(
                    name,
                    (int) integer(root, "agents", name),
                    number(root, "hours", name),
                    number(root, "humanAnswerRate", name),
                    number(root, "machineRate", name),
                    number(root, "busyRate", name),
                    number(root, "failedRate", name),
                    distribution(root, "ringSeconds", name),
                    number(root, "noAnswerTimeoutSeconds", name),
                    distribution(root, "talkSeconds", name),
                    distribution(root, "wrapUpSeconds", name),
                    new Amd(
                            bool(amd, "enabled", name),
                            number(amd, "detectSeconds", name),
                            number(amd, "falseMachineRate", name),
                            number(amd, "falseHumanRate", name)),
                    optionalNumber(root, "connectDeadlineSeconds", 2, name),
                    optionalNumber(root, "abandonTarget", 0.03, name),
                    drift);
        } catch (IllegalArgumentException e) {
            throw bad("scenario " + name + ": " + e.getMessage());
        }
    }

    private static JsonNode required(JsonNode n, String key, String name) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw bad("scenario " + name + ": missing required key '" + key + "'");
        }
        return v;
    }

    private static double number(JsonNode n, String key, String name) {
        JsonNode v = required(n, key, name);
        if (!v.isNumber()) {
            throw bad("scenario " + name + ": '" + key + "' must be a number, was " + v);
        }
        return v.asDouble();
    }

    private static long integer(JsonNode n, String key, String name) {
        JsonNode v = required(n, key, name);
        if (!v.isIntegralNumber()) {
            throw bad("scenario " + name + ": '" + key + "' must be a whole number, was " + v);
        }
        return v.asLong();
    }

    private static double optionalNumber(JsonNode n, String key, double dflt, String name) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? dflt : number(n, key, name);
    }

    private static boolean bool(JsonNode n, String key, String name) {
        JsonNode v = required(n, key, name);
        if (!v.isBoolean()) {
            throw bad("scenario " + name + ": '" + key + "' must be true or false, was " + v);
        }
        return v.asBoolean();
    }

    private static SimDistribution distribution(JsonNode n, String key, String name) {
        JsonNode v = required(n, key, name);
        if (!v.isObject()) {
            throw bad("scenario " + name + ": '" + key + "' must be {mean, cv}");
        }
        try {
            return new SimDistribution(number(v, "mean", name + "." + key), number(v, "cv", name + "." + key));
        } catch (IllegalArgumentException e) {
            throw bad("scenario " + name + ": '" + key + "': " + e.getMessage());
        }
    }

    private static DialerException bad(String message) {
        return new DialerException(message);
    }
}
