package org.mxpack.core.spam;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One rspamd endpoint over {@link HttpClient}: each exchange is asynchronous and bounded by one time budget
 * (connect, send and the whole reply) and the reply body by a byte limit.
 *
 * <p>The returned future fails with a {@link Failure} carrying the scanner status: a refused or unreachable
 * connection is {@link ScannerStatus#UNAVAILABLE}, the budget running out {@link ScannerStatus#TIMEOUT},
 * anything else {@link ScannerStatus#ERROR}.
 */
final class RspamdTransport {
    /** HTTP/1.1 with no redirects and no proxy: a JVM-wide {@code http.proxyHost} must not reroute the scan. */
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(HttpClient.Builder.NO_PROXY)
            .build();
    private final String source;
    private final int maxReply;

    /** @param source who answers ({@code host:port}), for failure reasons */
    RspamdTransport(String source, int maxReply) {
        this.source = source;
        this.maxReply = maxReply;
    }

    /** Sends {@code request}, which must carry {@code budget} as its own timeout (that ends a stalled connect). */
    CompletableFuture<Reply> send(HttpRequest request, Duration budget) {
        AtomicReference<BoundedBody> body = new AtomicReference<>();
        HttpResponse.BodyHandler<byte[]> handler = info -> {
            BoundedBody b = new BoundedBody(maxReply, info.headers().firstValueAsLong("Content-Length").orElse(-1), source);
            body.set(b);
            return b;
        };
        CompletableFuture<Reply> result = new CompletableFuture<>();
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            exchange = client.sendAsync(request, handler);
        } catch (RuntimeException e) {
            result.completeExceptionally(new Failure(ScannerStatus.ERROR, "cannot send to " + source + ": " + describe(e)));
            return result;
        }
        exchange.whenComplete((r, t) -> {
            if (t == null) {
                result.complete(new Reply(r.statusCode(), r.body()));
            } else {
                result.completeExceptionally(t);
            }
        });
        // The request timeout ends only the wait for the reply head; this one also covers a body that trickles.
        return result.orTimeout(budget.toMillis(), TimeUnit.MILLISECONDS).exceptionally(t -> {
            if (unwrap(t) instanceof TimeoutException) {
                BoundedBody b = body.get();
                if (b != null) {
                    b.cancel();
                }
                exchange.cancel(true);
            }
            throw classify(t, budget);
        });
    }

    private Failure classify(Throwable t, Duration budget) {
        for (Throwable c = unwrap(t); c != null; c = c.getCause()) {
            if (c instanceof Failure) {
                return (Failure) c;
            }
            if (c instanceof TimeoutException || c instanceof HttpTimeoutException) {
                return new Failure(ScannerStatus.TIMEOUT, "no reply from " + source + " within " + budget.toMillis() + " ms");
            }
            if (c instanceof ConnectException) {
                return new Failure(ScannerStatus.UNAVAILABLE, "cannot connect to " + source + ": " + describe(c));
            }
            if (c instanceof ProtocolException) {
                return new Failure(ScannerStatus.ERROR, "malformed HTTP reply from " + source + ": " + describe(c));
            }
        }
        Throwable c = unwrap(t);
        String what = c instanceof IOException ? "exchange with " + source + " failed: " : "error talking to " + source + ": ";
        return new Failure(ScannerStatus.ERROR, what + describe(c));
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
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
}
