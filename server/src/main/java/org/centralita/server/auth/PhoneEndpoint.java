package org.centralita.server.auth;

import java.util.Locale;
import java.util.regex.Pattern;
import org.centralita.server.http.ApiException;

/**
 * An agent's phone endpoint as Asterisk names it ({@code PJSIP/ana}, {@code SIP/204}, {@code IAX2/desk-7}), and which
 * channels belong to it: Asterisk names a channel of endpoint {@code PJSIP/ana} {@code PJSIP/ana-0000001a} (a
 * hexadecimal sequence after a dash; {@code ;1}/{@code ;2} for the two halves of a Local channel).
 */
public final class PhoneEndpoint {
    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,15}/[A-Za-z0-9_.+@-]{1,63}");
    private static final Pattern SEQUENCE = Pattern.compile("[0-9a-fA-F]{1,16}(;[12])?");

    private PhoneEndpoint() {}

    /**
     * Returns the endpoint trimmed, or null for null or blank (no endpoint).
     *
     * @throws ApiException 400 when it is not technology/resource
     */
    public static String normalize(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        String e = v.strip();
        if (!ENDPOINT.matcher(e).matches()) {
            throw ApiException.invalid("phoneEndpoint must be technology/endpoint as Asterisk names it, e.g. PJSIP/ana"
                    + " (letters, digits, _ . + @ -; at most 80 characters)");
        }
        return e;
    }

    /** Returns whether {@code channel} is a channel of {@code endpoint} (the technology compared without case). */
    public static boolean owns(String endpoint, String channel) {
        if (endpoint == null || channel == null) {
            return false;
        }
        int slash = endpoint.indexOf('/');
        int cslash = channel.indexOf('/');
        if (slash < 0 || cslash < 0) {
            return false;
        }
        String tech = endpoint.substring(0, slash).toLowerCase(Locale.ROOT);
        String resource = endpoint.substring(slash + 1);
        if (!channel.substring(0, cslash).toLowerCase(Locale.ROOT).equals(tech)) {
            return false;
        }
        String rest = channel.substring(cslash + 1);
        return rest.startsWith(resource + "-")
                && SEQUENCE.matcher(rest.substring(resource.length() + 1)).matches();
    }
}
