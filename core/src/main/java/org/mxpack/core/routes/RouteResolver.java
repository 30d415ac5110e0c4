package org.mxpack.core.routes;

import java.util.concurrent.CompletableFuture;

/**
 * The one question every stage asks about a recipient: is there a route for it here, and which?
 * Asked at RCPT TO (refuse early) and by the routing mailets (deliver, forward, relay), so both
 * agree. Asynchronous because a real backend (Cassandra on the distributed James) must not be
 * queried on James's Netty IO threads; callers wait at most their stage budget.
 *
 * <p>The future never completes exceptionally for a backend failure: that is a
 * {@link Route.Kind#TEMPFAIL} route. An unparsable address is a {@link Route.Kind#NONE} route.
 */
public interface RouteResolver {
    CompletableFuture<Route> resolve(String recipient);
}
