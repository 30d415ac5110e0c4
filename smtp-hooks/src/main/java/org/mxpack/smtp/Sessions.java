package org.mxpack.smtp;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.mxpack.core.policy.SessionFacts;

/**
 * Where a connection's {@link SessionFacts} live in James: one {@code State.Connection} attachment,
 * which RSET, HELO/EHLO and STARTTLS do not clear (they clear {@code State.Transaction}).
 */
public final class Sessions {
    private static final AttachmentKey<SessionFacts> FACTS = AttachmentKey.of("mxpack.facts", SessionFacts.class);

    private Sessions() {
    }

    /** The facts of this connection, created on first use; {@code trusted} is refreshed each call (AUTH may have happened). */
    public static SessionFacts facts(SMTPSession session) {
        SessionFacts facts = session.getAttachment(FACTS, State.Connection).orElse(null);
        if (facts == null) {
            facts = new SessionFacts(session.getRemoteAddress().getAddress(), session.getSessionID());
            session.setAttachment(FACTS, facts, State.Connection);
        }
        facts.trusted(session.isRelayingAllowed() || session.getUsername() != null);
        return facts;
    }
}
