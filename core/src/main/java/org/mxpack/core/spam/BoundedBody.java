package org.mxpack.core.spam;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a reply body of at most {@code max} bytes. Buffers are asked for one batch at a time, so a reply
 * that announces or sends more is cut off (the subscription cancelled, which closes the connection) before it
 * can fill memory. Reactive-streams signals to one subscriber are serialized, so the state needs no locks.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int max;
    private final long announced;
    private final String source;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private volatile Flow.Subscription subscription;

    /**
     * @param announced the reply's Content-Length, -1 when absent
     * @param source    who replies, for the failure reason
     */
    BoundedBody(int max, long announced, String source) {
        this.max = max;
        this.announced = announced;
        this.source = source;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (announced > max) {
            tooLarge();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer b : buffers) {
            if (data.size() + (long) b.remaining() > max) {
                tooLarge();
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            data.write(chunk, 0, chunk.length);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        body.complete(data.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    /** Stops reading: the budget ran out and nobody waits for the rest. */
    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    private void tooLarge() {
        subscription.cancel();
        body.completeExceptionally(new RspamdTransport.Failure(ScannerStatus.ERROR, "reply from " + source + " exceeds " + max + " bytes"));
    }
}
