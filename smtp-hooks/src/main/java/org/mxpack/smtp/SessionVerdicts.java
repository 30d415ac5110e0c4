package org.mxpack.smtp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.mxpack.core.verdict.Decision;
import org.mxpack.core.verdict.DecisionLog;

/**
 * The one API through which hooks record a decision: it keeps the decision on the session and
 * writes the one log line per decision (STYLE.md 13).
 *
 * <p>Connection-scoped decisions (HELO, DNSBL, iprev) live in {@code State.Connection}, which
 * RSET, a second EHLO and STARTTLS do not clear; transaction-scoped ones (MAIL, RCPT, DATA) in
 * {@code State.Transaction}. At end of DATA both are copied onto the mail.
 */
public final class SessionVerdicts {
    @SuppressWarnings("rawtypes")
    private static final AttachmentKey<Map> CONNECTION = AttachmentKey.of("mxpack.verdicts.connection", Map.class);
    @SuppressWarnings("rawtypes")
    private static final AttachmentKey<Map> TRANSACTION = AttachmentKey.of("mxpack.verdicts.transaction", Map.class);

    private SessionVerdicts() {
    }

    /** Records a decision that holds for the whole connection. */
    public static void recordForConnection(SMTPSession session, Decision decision) {
        record(session, decision, CONNECTION, State.Connection);
    }

    /** Records a decision that holds for the current mail transaction only. */
    public static void recordForTransaction(SMTPSession session, Decision decision) {
        record(session, decision, TRANSACTION, State.Transaction);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void record(SMTPSession session, Decision decision, AttachmentKey<Map> key, State state) {
        Map<String, Decision> map = session.getAttachment(key, state).orElse(null);
        if (map == null) {
            map = new LinkedHashMap<>();
            session.setAttachment(key, map, state);
        }
        map.put(decision.check(), decision);
        DecisionLog.log(decision);
    }

    /** The connection-scoped decision of {@code check}, if one was recorded. */
    public static Optional<Decision> connectionDecision(SMTPSession session, String check) {
        return Optional.ofNullable(decisions(session, CONNECTION, State.Connection).get(check));
    }

    /** Every decision of this connection and transaction, transaction ones last. */
    public static Map<String, Decision> all(SMTPSession session) {
        Map<String, Decision> out = new LinkedHashMap<>(decisions(session, CONNECTION, State.Connection));
        out.putAll(decisions(session, TRANSACTION, State.Transaction));
        return out;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Map<String, Decision> decisions(SMTPSession session, AttachmentKey<Map> key, State state) {
        return session.getAttachment(key, state).map(m -> (Map<String, Decision>) m).orElse(Map.of());
    }
}
