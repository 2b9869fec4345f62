package org.centralita.gateway.agi;

import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decodes the {@code agi_*} environment block that starts a FastAGI session: {@code agi_key: value} lines up to
 * an empty line. Emits one {@link AgiRequest} and then removes itself from the pipeline, handing any bytes that
 * followed the block to the next decoder ({@link AgiReplyDecoder}). A line that is not {@code agi_key: value}, too
 * many lines or an over-long line produce an {@link AgiMalformedInput}.
 */
final class AgiEnvironmentDecoder extends AgiLineDecoder {
    static final int MAX_ENV_LINES = 512;

    private final List<Map.Entry<String, String>> entries = new ArrayList<>();
    private boolean done;

    AgiEnvironmentDecoder(int maxLineLength) {
        super(maxLineLength);
    }

    @Override
    protected void onLine(ChannelHandlerContext ctx, String line, List<Object> out) {
        if (done) {
            return;
        }
        if (line.isEmpty()) {
            if (entries.isEmpty()) {
                fail("empty AGI environment", out);
                return;
            }
            done = true;
            try {
                out.add(AgiRequests.parse(entries));
            } catch (IllegalArgumentException e) {
                fail("bad AGI environment: " + e.getMessage(), out);
                return;
            }
            ctx.pipeline().remove(this);
            return;
        }
        int colon = line.indexOf(": ");
        if (!line.startsWith("agi_") || colon < 5) {
            // A value-less key is sent as "agi_key: " (with the space), so the separator is always ": ".
            fail("not an AGI environment line: '" + excerpt(line) + "'", out);
            return;
        }
        if (entries.size() >= MAX_ENV_LINES) {
            fail("more than " + MAX_ENV_LINES + " AGI environment lines", out);
            return;
        }
        // Keys, and values that repeat from call to call, are shared: the request lives as long as the call.
        String key = line.substring(4, colon);
        entries.add(Map.entry(
                AgiEnvironmentMap.canonicalKey(key), AgiEnvironmentMap.canonicalValue(key, line.substring(colon + 2))));
    }
}
