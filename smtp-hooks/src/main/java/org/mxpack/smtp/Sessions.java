package org.mxpack.smtp;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.mxpack.core.policy.SessionFacts;

/**
 * Where a connection's {@link SessionFacts} live in James: one {@code State.Connection} attachment,
 * which RSET, HELO/EHLO and STARTTLS do not clear (they clear {@code State.Transaction}).
 *
 * <p>The client is {@code session.getRemoteAddress()}: the proxied source when James received a PROXY
 * protocol header ({@code <proxyRequired>}), the socket peer otherwise. A PROXY header arrives after
 * connect, so facts made before it (about the load balancer) are replaced by facts about the client.
 */
public final class Sessions {
    private static final AttachmentKey<SessionFacts> FACTS = AttachmentKey.of("mxpack.facts", SessionFacts.class);

    private Sessions() {
    }

    /** The facts of this connection, created on first use; {@code trusted} is refreshed each call (AUTH may have happened). */
    public static SessionFacts facts(SMTPSession session) {
        SessionFacts facts = session.getAttachment(FACTS, State.Connection).orElse(null);
        if (facts == null || !facts.client().equals(session.getRemoteAddress().getAddress())) {
            facts = new SessionFacts(session.getRemoteAddress().getAddress(), session.getSessionID());
            session.setAttachment(FACTS, facts, State.Connection);
        }
        facts.trusted(session.isRelayingAllowed() || session.getUsername() != null);
        return facts;
    }

    /** Whether the client address is only known after the PROXY protocol header (not at connect). */
    public static boolean proxied(SMTPSession session) {
        return session instanceof ProtocolSessionImpl
                && ((ProtocolSessionImpl) session).getProtocolTransport().isProxyRequired();
    }
}
