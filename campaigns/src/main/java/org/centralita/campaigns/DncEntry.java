package org.centralita.campaigns;

import java.time.Instant;

/**
 * A number on the global do-not-call list.
 *
 * @param source who added it: {@code upload}, {@code api}, {@code agent}, {@code ivr-opt-out}...
 */
public record DncEntry(String phone, String source, String note, Instant addedAt) {}
