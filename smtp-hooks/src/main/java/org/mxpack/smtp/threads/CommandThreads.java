package org.mxpack.smtp.threads;

import java.lang.reflect.Field;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.smtp.SMTPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelPipeline;

/**
 * Runs each connection's SMTP commands on mxpack's command threads instead of Netty's IO thread.
 *
 * <p>Why: James 3.8.1 calls every SMTP hook on the Netty event loop that owns the connection, and a
 * loop serves many connections. A hook that waits for DNS there stalls every other connection on that
 * loop, so one slow zone delays everyone's mail. There is no asynchronous hook result in 3.8.1, so
 * mxpack moves the waiting instead: at connect, a relay is put in front of James's {@code coreHandler};
 * it hands each line to this connection's {@link SerialExecutor} over a shared pool, and James's own
 * handler runs there, unchanged, in order. A hook that waits now holds one pool thread, which no other
 * connection needs; the IO threads only move bytes.
 *
 * <p>Each command is stamped with its arrival time ({@link org.mxpack.core.policy.CommandClock}), so
 * a stage's budget counts from when the client finished the command.
 *
 * <p>If the transport is not James's Netty transport (an unexpected James build), nothing is changed and
 * one warning is logged: the hooks then run on the IO threads as before.
 */
public final class CommandThreads {
    private static final Logger LOG = LoggerFactory.getLogger(CommandThreads.class);
    static final String CORE_HANDLER = "coreHandler";
    static final String RELAY = "mxpack-commands";

    private final ExecutorService pool;
    private final AtomicBoolean warned = new AtomicBoolean();

    /**
     * @param maxThreads the most commands in progress at once across all connections (a command
     *                   waiting for DNS holds one); threads are made on demand and end after a minute idle
     */
    public CommandThreads(int maxThreads) {
        AtomicInteger n = new AtomicInteger();
        // An idle thread takes the next command; a new thread is made only when none is idle (up to
        // maxThreads); past that, commands queue. So the pool is as large as the commands in progress.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, maxThreads, 60, TimeUnit.SECONDS,
                new IdleFirstQueue(), r -> {
                    Thread t = new Thread(r, "mxpack-smtp-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, (task, full) -> ((IdleFirstQueue) full.getQueue()).add(task));
        this.pool = executor;
    }

    /**
     * Offers a task only to a thread that is already waiting for one; when none is, the pool makes a
     * new thread (or, at its maximum, the rejection handler queues the task for the next free thread).
     */
    private static final class IdleFirstQueue extends LinkedTransferQueue<Runnable> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean offer(Runnable task) {
            return tryTransfer(task);
        }
    }

    /**
     * Moves this connection's command processing to the command threads. Call it from a connect
     * handler (it runs on the connection's event loop before any command is read).
     *
     * @return whether the connection now runs on the command threads
     */
    public boolean install(SMTPSession session) {
        Channel channel = channelOf(session);
        if (channel == null) {
            return false;
        }
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(RELAY) != null) {
            return true;
        }
        ChannelHandlerContext core = pipeline.context(CORE_HANDLER);
        ChannelHandler handler = core == null ? null : core.handler();
        if (!(handler instanceof ChannelInboundHandler)) {
            warnOnce("no Netty '" + CORE_HANDLER + "' in the pipeline");
            return false;
        }
        pipeline.addBefore(CORE_HANDLER, RELAY,
                new CommandRelay((ChannelInboundHandler) handler, core, new SerialExecutor(pool)));
        return true;
    }

    public void shutdown() {
        pool.shutdownNow();
    }

    private Channel channelOf(SMTPSession session) {
        if (!(session instanceof ProtocolSessionImpl)) {
            warnOnce("the SMTP session is a " + session.getClass().getName());
            return null;
        }
        ProtocolTransport transport = ((ProtocolSessionImpl) session).getProtocolTransport();
        try {
            // NettyProtocolTransport keeps its channel private; it is the one way to reach the pipeline
            Field f = transport.getClass().getDeclaredField("channel");
            f.setAccessible(true);
            Object channel = f.get(transport);
            if (channel instanceof Channel) {
                return (Channel) channel;
            }
            warnOnce("the transport's channel is a " + (channel == null ? "null" : channel.getClass().getName()));
        } catch (ReflectiveOperationException | RuntimeException e) {
            warnOnce("cannot reach the channel of " + transport.getClass().getName() + ": " + e);
        }
        return null;
    }

    private void warnOnce(String why) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn("mxpack: SMTP hooks stay on James's IO threads ({}); a slow DNS answer then delays other "
                    + "connections on the same thread", why);
        }
    }
}
