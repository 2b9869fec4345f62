package org.centralita.gateway.agi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Encodes an {@link AgiCommandLine} as its UTF-8 bytes followed by LF, as Asterisk expects. Stateless. */
@ChannelHandler.Sharable
final class AgiCommandEncoder extends MessageToByteEncoder<AgiCommandLine> {
    static final AgiCommandEncoder INSTANCE = new AgiCommandEncoder();

    private AgiCommandEncoder() {
        super(AgiCommandLine.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, AgiCommandLine msg, boolean preferDirect) {
        return ctx.alloc().ioBuffer(ByteBufUtil.utf8MaxBytes(msg.line()) + 1);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, AgiCommandLine msg, ByteBuf out) {
        ByteBufUtil.writeUtf8(out, msg.line());
        out.writeByte('\n');
    }
}
