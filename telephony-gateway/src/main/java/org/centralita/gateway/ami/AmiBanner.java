package org.centralita.gateway.ami;

/** The first line Asterisk sends, e.g. {@code Asterisk Call Manager/11.0.0} (no blank line follows it). */
record AmiBanner(String text) implements AmiInbound {
    /** Returns whether this looks like an Asterisk manager banner. */
    boolean isAsterisk() {
        return text.startsWith("Asterisk Call Manager/");
    }
}
