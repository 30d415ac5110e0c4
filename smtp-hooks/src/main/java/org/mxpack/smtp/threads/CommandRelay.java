package org.mxpack.smtp.threads;

import java.io.IOException;
import java.util.Locale;

import org.mxpack.core.policy.CommandClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;

/**
 * Sits before James's {@code coreHandler} on the event loop and hands it each line, and the end of the
 * connection, on the connection's {@link SerialExecutor}; everything else passes through untouched.
 *
 * <p>Back-pressure: while more than {@link #HIGH_WATER} lines wait (a client pipelining into a command
 * that waits for DNS), the connection stops reading until the backlog is down to {@link #LOW_WATER}.
 * Reading also pauses while STARTTLS is answered, so no byte of the TLS handshake is read as a line.
 */
final class CommandRelay extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRelay.class);
    static final int HIGH_WATER = 64;
    static final int LOW_WATER = 8;

    private final ChannelInboundHandler core;
    private final ChannelHandlerContext coreContext;
    private final SerialExecutor commands;

    CommandRelay(ChannelInboundHandler core, ChannelHandlerContext coreContext, SerialExecutor commands) {
        this.core = core;
        this.coreContext = coreContext;
        this.commands = commands;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long received = System.nanoTime();
        ChannelConfig config = ctx.channel().config();
        boolean startTls = isStartTls(msg);
        if (startTls || commands.backlog() >= HIGH_WATER) {
            config.setAutoRead(false);
        }
        commands.execute(() -> {
            if (!ctx.channel().isActive()) {
                // the client is gone: what it sent last has nobody to answer (James would not have read it)
                ReferenceCountUtil.release(msg);
                return;
            }
            CommandClock.received(received);
            try {
                core.channelRead(coreContext, msg);
            } catch (Throwable t) {
                // James releases the line only when its handler returns normally (seen with Netty's leak
                // detector: a client gone while its command ran left the line unreleased)
                releaseIfHeld(msg);
                if (ctx.channel().isActive()) {
                    failed(t);
                } else {
                    LOG.debug("mxpack: client went away while its command ran: {}", t.toString());
                }
            } finally {
                CommandClock.clear();
                if (!config.isAutoRead() && commands.backlog() <= LOW_WATER) {
                    config.setAutoRead(true);
                }
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // after the lines already queued, as James would have seen it
        commands.execute(() -> {
            try {
                core.channelInactive(coreContext);
            } catch (Throwable t) {
                failed(t);
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // a reset or broken connection: nothing to answer; James logs these as errors, they are not
            LOG.debug("mxpack: connection from {} ended: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
            return;
        }
        commands.execute(() -> failed(cause));
    }

    /** What Netty would do with a handler's exception: give it to the handler's exceptionCaught. */
    private void failed(Throwable cause) {
        try {
            core.exceptionCaught(coreContext, cause);
        } catch (Throwable ignored) {
            coreContext.close();
        }
    }

    private static void releaseIfHeld(Object msg) {
        if (msg instanceof ReferenceCounted && ((ReferenceCounted) msg).refCnt() > 0) {
            ReferenceCountUtil.release(msg);
        }
    }

    private static boolean isStartTls(Object msg) {
        if (!(msg instanceof ByteBuf)) {
            return false;
        }
        ByteBuf line = (ByteBuf) msg;
        int n = Math.min(line.readableBytes(), 10);
        if (n < 8) {
            return false;
        }
        String head = line.toString(line.readerIndex(), n, java.nio.charset.StandardCharsets.US_ASCII);
        return head.trim().toUpperCase(Locale.ROOT).equals("STARTTLS");
    }
}
