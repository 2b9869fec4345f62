package org.centralita.flows;

import java.util.Objects;

/** One piece of something spoken: an AGI SAY command, an Asterisk core sound or a catalog prompt. */
public sealed interface SayPart permits SayPart.Number, SayPart.Digits, SayPart.Date, SayPart.Sound, SayPart.Prompt {

    /** {@code SAY NUMBER n}, in the channel's language. */
    record Number(long value) implements SayPart {
        public Number {
            if (value < 0) {
                throw new IllegalArgumentException("value must be >= 0");
            }
        }
    }

    /** {@code SAY DIGITS d}. */
    record Digits(String digits) implements SayPart {
        public Digits {
            if (!digits.matches("[0-9*#]+")) {
                throw new IllegalArgumentException("digits only");
            }
        }
    }

    /** {@code SAY DATE epochSeconds}. */
    record Date(long epochSeconds) implements SayPart {}

    /** An Asterisk core sound played as is, e.g. {@code digits/1M} ("un" in Spanish). */
    record Sound(String path) implements SayPart {
        public Sound {
            Objects.requireNonNull(path, "path");
        }
    }

    /** A prompt of the flows' catalog, looked up in the caller's language. */
    record Prompt(String name) implements SayPart {
        public Prompt {
            Objects.requireNonNull(name, "name");
        }
    }
}
