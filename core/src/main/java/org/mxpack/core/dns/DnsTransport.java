package org.mxpack.core.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Sends one query and completes when its answer arrives: UDP from a fresh random source port, then TCP
 * when the answer is truncated. Nothing blocks: every query of the process is driven by one Netty event
 * loop thread ({@code mxpack-dns}), so a thousand queries waiting for a slow zone cost sockets and a few
 * objects, never a thread each. dnsjava only encodes and decodes the messages.
 *
 * <p>An answer is taken only from the server asked, with the query's ID and question (anything else on
 * the socket is ignored, as spoofing attempts or stray packets). Cancelling the returned future closes
 * the socket.
 */
final class DnsTransport {
    /** Room for any UDP answer an EDNS0 payload size of {@link #EDNS_PAYLOAD} allows, with margin. */
    private static final int UDP_RECEIVE_BUFFER = 4096;
    static final int EDNS_PAYLOAD = 1232;

    private static final EventLoopGroup LOOP = new NioEventLoopGroup(1, r -> {
        Thread t = new Thread(r, "mxpack-dns");
        t.setDaemon(true);
        return t;
    });
    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();

    /** Queries sent and not yet answered, failed or cancelled, in this process (for metrics and tests). */
    static int inFlight() {
        return IN_FLIGHT.get();
    }

    /** The answer, or a future failed with the I/O problem (timeout, refused, garbage). */
    CompletableFuture<Message> send(InetSocketAddress server, Message query, Duration timeout) {
        CompletableFuture<Message> result = new CompletableFuture<>();
        IN_FLIGHT.incrementAndGet();
        result.whenComplete((m, e) -> IN_FLIGHT.decrementAndGet());
        long deadline = System.nanoTime() + timeout.toNanos();
        // the socket is opened on the DNS thread: the caller (often an SMTP command about to answer) only
        // queues the query, and a query cancelled before its turn opens nothing
        LOOP.execute(() -> {
            if (result.isDone()) {
                return;
            }
            try {
                udp(server, query, deadline, result);
            } catch (RuntimeException e) {
                // the future is what counts in-flight queries and a client's share: it must end
                result.completeExceptionally(new IOException("cannot send the query: " + e, e));
            }
        });
        return result;
    }

    private static void udp(InetSocketAddress server, Message query, long deadline, CompletableFuture<Message> result) {
        Bootstrap b = new Bootstrap().group(LOOP).channel(NioDatagramChannel.class)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UDP_RECEIVE_BUFFER))
                .handler(new UdpAnswer(server, query, deadline, result));
        // connected: ICMP "port unreachable" fails the query at once instead of at its timeout
        ChannelFuture bound = b.connect(server);
        bound.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new IOException("cannot open a UDP socket", f.cause()));
                return;
            }
            Channel ch = bound.channel();
            result.whenComplete((m, e) -> ch.close());
            scheduleTimeout(ch, deadline, result);
            ch.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(query.toWire()), server))
                    .addListener(w -> {
                        if (!w.isSuccess()) {
                            result.completeExceptionally(new IOException("cannot send to " + server, w.cause()));
                        }
                    });
        });
    }

    private static void tcp(InetSocketAddress server, Message query, long deadline, CompletableFuture<Message> result) {
        long left = remainingMillis(deadline);
        if (left <= 0) {
            result.completeExceptionally(new SocketTimeoutException("DNS query timed out"));
            return;
        }
        Bootstrap b = new Bootstrap().group(LOOP).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, left))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(65535 + 2, 0, 2, 0, 2),
                                new TcpAnswer(query, result));
                    }
                });
        ChannelFuture connected = b.connect(server);
        Channel ch = connected.channel();
        result.whenComplete((m, e) -> ch.close());
        scheduleTimeout(ch, deadline, result);
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new IOException("TCP to " + server + " failed", f.cause()));
                return;
            }
            byte[] wire = query.toWire();
            ByteBuf out = Unpooled.buffer(wire.length + 2);
            out.writeShort(wire.length);
            out.writeBytes(wire);
            ch.writeAndFlush(out);
        });
    }

    private static void scheduleTimeout(Channel ch, long deadline, CompletableFuture<Message> result) {
        long left = Math.max(0, remainingMillis(deadline));
        io.netty.util.concurrent.ScheduledFuture<?> timer = ch.eventLoop().schedule(
                () -> result.completeExceptionally(new SocketTimeoutException("DNS query timed out")),
                left, TimeUnit.MILLISECONDS);
        result.whenComplete((m, e) -> timer.cancel(false));
    }

    private static long remainingMillis(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    /** Whether {@code answer} answers {@code query}: same ID and the same question. */
    static boolean answers(Message query, Message answer) {
        return answer.getHeader().getID() == query.getHeader().getID()
                && answer.getHeader().getFlag(Flags.QR)
                && answer.getQuestion() != null
                && answer.getQuestion().getName().equals(query.getQuestion().getName())
                && answer.getQuestion().getType() == query.getQuestion().getType()
                && answer.getQuestion().getDClass() == query.getQuestion().getDClass();
    }

    private static Message decode(ByteBuf buf) {
        try {
            return new Message(ByteBufUtil.getBytes(buf));
        } catch (IOException | RuntimeException garbage) {
            return null;
        }
    }

    private static final class UdpAnswer extends SimpleChannelInboundHandler<DatagramPacket> {
        private final InetSocketAddress server;
        private final Message query;
        private final long deadline;
        private final CompletableFuture<Message> result;

        UdpAnswer(InetSocketAddress server, Message query, long deadline, CompletableFuture<Message> result) {
            this.server = server;
            this.query = query;
            this.deadline = deadline;
            this.result = result;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            if (result.isDone() || !server.equals(packet.sender())) {
                return; // not from the server we asked
            }
            Message answer = decode(packet.content());
            if (answer == null || !answers(query, answer)) {
                return; // not a DNS message, or not the answer to our question: keep waiting
            }
            if (answer.getHeader().getFlag(Flags.TC)) {
                ctx.close();
                tcp(server, query, deadline, result);
                return;
            }
            result.complete(answer);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable and the like: the server refuses UDP
            result.completeExceptionally(new IOException("UDP to " + server + ": " + cause, cause));
        }
    }

    private static final class TcpAnswer extends SimpleChannelInboundHandler<ByteBuf> {
        private final Message query;
        private final CompletableFuture<Message> result;

        TcpAnswer(Message query, CompletableFuture<Message> result) {
            this.query = query;
            this.result = result;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            Message answer = decode(frame);
            if (answer == null || !answers(query, answer)) {
                result.completeExceptionally(new IOException("garbage or mismatched answer over TCP"));
            } else {
                result.complete(answer);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new IOException("TCP connection closed before the answer"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(new IOException("TCP: " + cause, cause));
        }
    }
}
