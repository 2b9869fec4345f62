package org.centralita.gateway.ami;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames the byte stream Asterisk sends on an AMI connection into {@link AmiInbound} messages.
 *
 * <p>State machine: the first line is the banner ({@code Asterisk Call Manager/11.0.0}, CRLF, no blank line
 * after it); after that every message is a run of {@code Key: value} lines ended by an empty line. Lines end
 * with CRLF; a bare LF is accepted too. Headers keep their order and duplicates. Every line is bounded by
 * {@code maxLineLength} and every message by {@code maxHeaders}; exceeding either produces a fatal
 * {@link AmiDecodeError} and everything after it is discarded (the client then closes the connection).
 */
final class AmiFrameDecoder extends ByteToMessageDecoder {
    /** Default maximum line length in bytes (Asterisk's own AMI input buffer is 1025 bytes, its output is larger). */
    static final int DEFAULT_MAX_LINE_LENGTH = 16 * 1024;

    /** Default maximum number of header lines in one message. */
    static final int DEFAULT_MAX_HEADERS = 1024;

    private final int maxLineLength;
    private final int maxHeaders;
    private final List<AmiHeader> current = new ArrayList<>();
    private boolean bannerSeen;
    private boolean failed;
    /** Bytes after the reader index already searched for LF without finding one. */
    private int scanned;

    AmiFrameDecoder() {
        this(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_HEADERS);
    }

    AmiFrameDecoder(int maxLineLength, int maxHeaders) {
        if (maxLineLength < 64) {
            throw new IllegalArgumentException("maxLineLength must be at least 64, was " + maxLineLength);
        }
        if (maxHeaders < 1) {
            throw new IllegalArgumentException("maxHeaders must be at least 1, was " + maxHeaders);
        }
        this.maxLineLength = maxLineLength;
        this.maxHeaders = maxHeaders;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!failed) {
            int start = in.readerIndex();
            int end = in.writerIndex();
            int lf = in.indexOf(start + scanned, end, (byte) '\n');
            if (lf < 0) {
                scanned = end - start;
                if (scanned > maxLineLength + 1) {
                    fail(out, "AMI line longer than " + maxLineLength + " bytes");
                }
                break;
            }
            scanned = 0;
            int length = lf - start;
            if (length > 0 && in.getByte(lf - 1) == '\r') {
                length--;
            }
            if (length > maxLineLength) {
                fail(out, "AMI line longer than " + maxLineLength + " bytes");
                break;
            }
            String line = in.toString(start, length, StandardCharsets.UTF_8);
            in.readerIndex(lf + 1);
            onLine(line, out);
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
    }

    /** Returns the bytes received but not yet turned into a message (a partial line). */
    int buffered() {
        return actualReadableBytes();
    }

    private void onLine(String line, List<Object> out) {
        if (!bannerSeen) {
            if (line.isEmpty()) {
                return;
            }
            bannerSeen = true;
            out.add(new AmiBanner(line));
            return;
        }
        if (line.isEmpty()) {
            if (!current.isEmpty()) {
                out.add(toMessage(List.copyOf(current)));
                current.clear();
            }
            return;
        }
        if (current.size() >= maxHeaders) {
            fail(out, "AMI message with more than " + maxHeaders + " header lines");
            return;
        }
        current.add(parseHeader(line));
    }

    private static AmiHeader parseHeader(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return new AmiHeader("", line);
        }
        int valueStart = colon + 1;
        if (valueStart < line.length() && line.charAt(valueStart) == ' ') {
            valueStart++;
        }
        return new AmiHeader(line.substring(0, colon), line.substring(valueStart));
    }

    private static AmiInbound toMessage(List<AmiHeader> lines) {
        AmiHeaders headers = AmiHeaders.of(lines);
        AmiHeader first = lines.get(0);
        if (first.is("Event")) {
            return new AmiEvent(headers);
        }
        if (first.is("Response")) {
            return AmiResponse.of(headers);
        }
        return new AmiDecodeError("AMI message starts with neither Response nor Event: " + first.name(), false);
    }

    private void fail(List<Object> out, String reason) {
        failed = true;
        current.clear();
        out.add(new AmiDecodeError(reason, true));
    }
}
