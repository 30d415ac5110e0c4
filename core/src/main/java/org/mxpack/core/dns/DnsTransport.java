package org.mxpack.core.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/**
 * Sends one query: UDP, then TCP when the answer is truncated. Plain blocking sockets on a small
 * elastic pool of daemon threads, instead of dnsjava 3.5.2's NIO client: under concurrent load that
 * client sometimes leaves an answer unread until its selector's 1-second tick (measured: p90 latency
 * of a whole SMTP transaction went from ~7 ms to ~1 s). dnsjava still encodes and decodes messages.
 */
final class DnsTransport {
    private static final int MAX_THREADS = 256;
    private static final int MAX_UDP = 65535;

    private final ExecutorService io;

    DnsTransport() {
        AtomicInteger n = new AtomicInteger();
        this.io = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "mxpack-dns-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The answer, or a future failed with the I/O problem (timeout, refused, garbage). */
    CompletableFuture<Message> send(InetSocketAddress server, Message query, Duration timeout) {
        CompletableFuture<Message> result = new CompletableFuture<>();
        try {
            io.execute(() -> {
                try {
                    result.complete(exchange(server, query, timeout));
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IOException("too many DNS queries in flight", e));
        }
        return result;
    }

    private static Message exchange(InetSocketAddress server, Message query, Duration timeout) throws IOException {
        byte[] wire = query.toWire();
        long deadline = System.nanoTime() + timeout.toNanos();
        Message answer = udp(server, wire, query.getHeader().getID(), deadline);
        if (answer.getHeader().getFlag(Flags.TC)) {
            answer = tcp(server, wire, deadline);
        }
        return answer;
    }

    private static Message udp(InetSocketAddress server, byte[] wire, int id, long deadline) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(server);
            socket.send(new DatagramPacket(wire, wire.length));
            byte[] buf = new byte[MAX_UDP];
            while (true) {
                socket.setSoTimeout(remainingMillis(deadline));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                Message m;
                try {
                    m = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                } catch (IOException garbage) {
                    continue; // not a DNS message: keep waiting for ours
                }
                if (m.getHeader().getID() == id) {
                    return m;
                }
            }
        }
    }

    private static Message tcp(InetSocketAddress server, byte[] wire, long deadline) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, remainingMillis(deadline));
            socket.setSoTimeout(remainingMillis(deadline));
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(wire.length);
            out.write(wire);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            return new Message(answer);
        }
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (ms <= 0) {
            throw new SocketTimeoutException("DNS query timed out");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }
}
