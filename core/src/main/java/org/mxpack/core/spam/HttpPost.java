package org.mxpack.core.spam;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP/1.0 POST over a non-blocking socket, the whole exchange bounded by one time budget.
 *
 * <p>Why not {@code java.net.http.HttpClient}: on Java 11, the runtime of James 3.8.1, it refuses to send a
 * header named {@code From} (restricted until JDK 12, JDK-8213189), and {@code From} is how rspamd receives
 * the envelope sender. rspamd's protocol is plain HTTP/1.0 or 1.1 with a {@code Content-Length} reply, so a
 * request written by hand and a reply read to the end are all it takes. HTTP/1.0 means the server closes
 * the connection after the reply and never answers chunked.
 *
 * <p>The returned future fails with a {@link Failure} carrying the scanner status: connection failures are
 * {@link ScannerStatus#UNAVAILABLE}, the budget running out {@link ScannerStatus#TIMEOUT}, anything else
 * {@link ScannerStatus#ERROR}.
 */
final class HttpPost {
    /** A reply head longer than this is not HTTP. */
    private static final int MAX_HEAD = 64 * 1024;

    private final InetSocketAddress address;
    private final int maxReply;

    HttpPost(InetSocketAddress address, int maxReply) {
        this.address = address;
        this.maxReply = maxReply;
    }

    /** Sends {@code head} (request line and headers, ending with the blank line) then {@code body}. */
    CompletableFuture<Reply> send(byte[] head, ByteBuffer body, Duration budget) {
        CompletableFuture<Reply> result = new CompletableFuture<>();
        AsynchronousSocketChannel channel;
        try {
            channel = AsynchronousSocketChannel.open();
        } catch (IOException e) {
            result.completeExceptionally(new Failure(ScannerStatus.ERROR, "cannot open socket: " + e.getMessage()));
            return result;
        }
        Exchange exchange = new Exchange(channel, result, new ByteBuffer[] {ByteBuffer.wrap(head), body});
        // orTimeout's scheduler fires even if a callback never comes; closing the channel ends the exchange.
        CompletableFuture<Reply> bounded = result.orTimeout(budget.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, t) -> exchange.close());
        try {
            channel.connect(address, null, exchange.onConnect());
        } catch (RuntimeException e) {
            exchange.fail(new Failure(ScannerStatus.UNAVAILABLE, "cannot connect to " + address + ": " + e));
        }
        return bounded.exceptionally(t -> {
            Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
            if (cause instanceof TimeoutException) {
                throw new Failure(ScannerStatus.TIMEOUT, "no reply from " + address + " within " + budget.toMillis() + " ms");
            }
            throw cause instanceof Failure ? (Failure) cause : new Failure(ScannerStatus.ERROR, String.valueOf(cause));
        });
    }

    /** An HTTP reply: status code and body. */
    static final class Reply {
        final int status;
        final byte[] body;

        Reply(int status, byte[] body) {
            this.status = status;
            this.body = body;
        }
    }

    /** Why an exchange failed, as the verdict will say it. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient ScannerStatus status;

        Failure(ScannerStatus status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }
    }

    /** The state of one exchange; callbacks run on the default asynchronous channel group's threads. */
    private final class Exchange {
        private final AsynchronousSocketChannel channel;
        private final CompletableFuture<Reply> result;
        private final ByteBuffer[] out;
        private final ByteArrayOutputStream in = new ByteArrayOutputStream();
        private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        /** Where the reply head ends once seen (searched once, not per read), and its Content-Length. */
        private int headEnd = -1;
        private long announced = -1;

        Exchange(AsynchronousSocketChannel channel, CompletableFuture<Reply> result, ByteBuffer[] out) {
            this.channel = channel;
            this.result = result;
            this.out = out;
        }

        CompletionHandler<Void, Void> onConnect() {
            return new CompletionHandler<Void, Void>() {
                @Override
                public void completed(Void v, Void a) {
                    write();
                }

                @Override
                public void failed(Throwable t, Void a) {
                    fail(new Failure(ScannerStatus.UNAVAILABLE, "cannot connect to " + address + ": " + describe(t)));
                }
            };
        }

        private void write() {
            if (result.isDone()) {
                return;
            }
            if (!out[out.length - 1].hasRemaining()) {
                read();
                return;
            }
            channel.write(out, 0, out.length, 0, TimeUnit.MILLISECONDS, null, new CompletionHandler<Long, Void>() {
                @Override
                public void completed(Long n, Void a) {
                    write();
                }

                @Override
                public void failed(Throwable t, Void a) {
                    fail(new Failure(ScannerStatus.ERROR, "sending to " + address + " failed: " + describe(t)));
                }
            });
        }

        private void read() {
            if (result.isDone()) {
                return;
            }
            buffer.clear();
            channel.read(buffer, null, new CompletionHandler<Integer, Void>() {
                @Override
                public void completed(Integer n, Void a) {
                    if (n < 0) {
                        finish();
                        return;
                    }
                    in.write(buffer.array(), 0, n);
                    if (in.size() > maxReply) {
                        fail(new Failure(ScannerStatus.ERROR, "reply from " + address + " exceeds " + maxReply + " bytes"));
                    } else if (!complete()) {
                        read();
                    }
                }

                @Override
                public void failed(Throwable t, Void a) {
                    fail(new Failure(ScannerStatus.ERROR, "reading from " + address + " failed: " + describe(t)));
                }
            });
        }

        /** Finishes early when the reply announced its length and all of it is here. */
        private boolean complete() {
            if (headEnd < 0) {
                byte[] data = in.toByteArray();
                headEnd = headEnd(data);
                if (headEnd < 0) {
                    if (data.length > MAX_HEAD) {
                        fail(new Failure(ScannerStatus.ERROR, "malformed HTTP reply from " + address + " (no end of header)"));
                        return true;
                    }
                    return false;
                }
                announced = contentLength(new String(data, 0, headEnd, StandardCharsets.ISO_8859_1));
            }
            if (announced >= 0 && in.size() - headEnd - 4 >= announced) {
                finish();
                return true;
            }
            return false;
        }

        private void finish() {
            byte[] data = in.toByteArray();
            int end = headEnd(data);
            if (end < 0) {
                fail(new Failure(ScannerStatus.ERROR, data.length == 0 ? "empty reply from " + address
                        : "malformed HTTP reply from " + address));
                return;
            }
            String head = new String(data, 0, end, StandardCharsets.ISO_8859_1);
            String[] statusLine = head.split("\r\n", 2)[0].split(" ", 3);
            int status;
            try {
                if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
                    throw new NumberFormatException();
                }
                status = Integer.parseInt(statusLine[1]);
            } catch (NumberFormatException e) {
                fail(new Failure(ScannerStatus.ERROR, "malformed HTTP status line from " + address));
                return;
            }
            int from = end + 4;
            long length = contentLength(head);
            int to = length >= 0 ? (int) Math.min(data.length, from + length) : data.length;
            byte[] body = new byte[Math.max(0, to - from)];
            System.arraycopy(data, from, body, 0, body.length);
            result.complete(new Reply(status, body));
        }

        void fail(Failure f) {
            result.completeExceptionally(f);
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do with a socket we are abandoning
            }
        }
    }

    private static int headEnd(byte[] data) {
        for (int i = 0; i + 3 < data.length; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The Content-Length header's value, -1 when absent or malformed (then the body runs to EOF). */
    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                try {
                    return Long.parseLong(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
