package org.centralita.gateway.agi;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Base of the FastAGI decoders: splits LF-terminated lines (a CR before the LF is tolerated and dropped), with a
 * maximum line length. Once a subclass reports malformed input, the decoder emits one {@link AgiMalformedInput}
 * and discards every byte after it.
 */
abstract class AgiLineDecoder extends ByteToMessageDecoder {
    private final int maxLineLength;
    private boolean failed;
    /** Bytes of the current line already scanned without finding LF, so each byte is scanned once. */
    private int scanned;

    AgiLineDecoder(int maxLineLength) {
        if (maxLineLength < 16) {
            throw new IllegalArgumentException("maxLineLength must be at least 16, was " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!failed && in.isReadable()) {
            String line = readLine(in, out);
            if (line == null) {
                return;
            }
            onLine(ctx, line, out);
            if (ctx.isRemoved()) {
                return;
            }
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
    }

    /** Handles one complete line (without its terminator). */
    protected abstract void onLine(ChannelHandlerContext ctx, String line, List<Object> out);

    /** Reports malformed input: emits the failure once and discards all further input. */
    protected final void fail(String reason, List<Object> out) {
        if (!failed) {
            failed = true;
            out.add(new AgiMalformedInput(reason));
        }
    }

    /** Returns whether malformed input was seen. */
    final boolean isFailed() {
        return failed;
    }

    private String readLine(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        int limit = Math.min(readable, maxLineLength + 2); // the line, an optional CR, and the LF
        int lf = limit > scanned ? in.forEachByte(start + scanned, limit - scanned, ByteProcessor.FIND_LF) : -1;
        if (lf < 0) {
            scanned = limit;
            if (readable > maxLineLength + 1) {
                fail("line longer than " + maxLineLength + " bytes", out);
                in.skipBytes(readable);
            }
            return null;
        }
        scanned = 0;
        int length = lf - start;
        if (length > 0 && in.getByte(lf - 1) == '\r') {
            length--;
        }
        if (length > maxLineLength) {
            fail("line longer than " + maxLineLength + " bytes", out);
            in.skipBytes(readable);
            return null;
        }
        String line = in.toString(start, length, StandardCharsets.UTF_8);
        in.readerIndex(lf + 1);
        return line;
    }

    /** Returns a short, log-safe prefix of a line. */
    static String excerpt(String line) {
        String s = line.length() > 40 ? line.substring(0, 40) + "..." : line;
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
