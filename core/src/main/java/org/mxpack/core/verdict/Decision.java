package org.mxpack.core.verdict;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mxpack.core.reply.SmtpReply;
import org.mxpack.core.reply.Stage;

/**
 * One check's decision at one SMTP stage (STYLE.md 13): check name, stage, {@link Action}, the
 * reply (every action but ACCEPT), the check's result keyword, a reason text and the
 * {@link SmtpContext}. Hooks record it through one API that stores {@link #toMap()} as a mail
 * attribute and logs {@link #logLine()} once ({@link DecisionLog}).
 */
public final class Decision {
    private final String check;
    private final Stage stage;
    private final Action action;
    private final SmtpReply reply;
    private final String result;
    private final String reason;
    private final SmtpContext context;

    private Decision(String check, Stage stage, Action action, SmtpReply reply, String result, String reason,
            SmtpContext context) {
        if (!isCheckName(check)) {
            throw new IllegalArgumentException("check name must be lower-case words joined by '-': " + check);
        }
        this.check = check;
        this.stage = Objects.requireNonNull(stage, "stage");
        this.action = Objects.requireNonNull(action, "action");
        if (action.hasReply()) {
            if (reply == null) {
                throw new IllegalArgumentException(action + " needs a reply");
            }
            if (action.wantsPermanent() ? !reply.isPermanent() : !reply.isTemporary()) {
                throw new IllegalArgumentException(action + " does not fit reply " + reply);
            }
        } else if (reply != null) {
            throw new IllegalArgumentException("ACCEPT carries no reply: " + reply);
        }
        this.reply = reply;
        this.result = result == null ? "" : result;
        this.reason = reason == null ? "" : reason;
        this.context = context == null ? SmtpContext.empty() : context;
    }

    /** Lower-case words joined by single '-' ({@code [a-z0-9]+(-[a-z0-9]+)*}), checked for every decision. */
    static boolean isCheckName(String name) {
        if (name == null || name.isEmpty() || name.charAt(0) == '-' || name.charAt(name.length() - 1) == '-') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!word && (c != '-' || name.charAt(i - 1) == '-')) {
                return false;
            }
        }
        return true;
    }

    public static Decision accept(String check, Stage stage) {
        return new Decision(check, stage, Action.ACCEPT, null, "", "", null);
    }

    /**
     * A refusal: REJECT for a 5xx reply, TEMPFAIL for a 4xx one, or their SHADOW_ forms when
     * {@code observeOnly} (the check's reject switch is off).
     */
    public static Decision refuse(String check, Stage stage, SmtpReply reply, boolean observeOnly) {
        Objects.requireNonNull(reply, "reply");
        Action a;
        if (reply.isPermanent()) {
            a = observeOnly ? Action.SHADOW_REJECT : Action.REJECT;
        } else if (reply.isTemporary()) {
            a = observeOnly ? Action.SHADOW_TEMPFAIL : Action.TEMPFAIL;
        } else {
            throw new IllegalArgumentException("not a refusal: " + reply);
        }
        return new Decision(check, stage, a, reply, "", "", null);
    }

    public static Decision of(String check, Stage stage, Action action, SmtpReply reply) {
        return new Decision(check, stage, action, reply, "", "", null);
    }

    /** The check's result keyword, e.g. {@code fail}, {@code listed}, {@code temperror}. */
    public Decision withResult(String value) {
        return new Decision(check, stage, action, reply, value, reason, context);
    }

    /** Free text: why, for the log and the operator. */
    public Decision withReason(String value) {
        return new Decision(check, stage, action, reply, result, value, context);
    }

    public Decision withContext(SmtpContext value) {
        return new Decision(check, stage, action, reply, result, reason, value);
    }

    public String check() {
        return check;
    }

    public Stage stage() {
        return stage;
    }

    public Action action() {
        return action;
    }

    /** Present for every action but ACCEPT (for SHADOW_ actions: the reply that was not sent). */
    public Optional<SmtpReply> reply() {
        return Optional.ofNullable(reply);
    }

    /** The reply the hook must send now: present only for REJECT and TEMPFAIL. */
    public Optional<SmtpReply> replyToSend() {
        return action.refuses() ? Optional.of(reply) : Optional.empty();
    }

    /** Empty when not set. */
    public String result() {
        return result;
    }

    /** Empty when not set. */
    public String reason() {
        return reason;
    }

    public SmtpContext context() {
        return context;
    }

    /**
     * JSON-friendly: {@code {check, stage, action, result?, reason?, reply?: {code, enhanced, text},
     * context: {ip?, helo?, from?, rcpt?, session?}}}, values only String/Long/Map.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("check", check);
        map.put("stage", stage.name());
        map.put("action", action.name());
        if (!result.isEmpty()) {
            map.put("result", result);
        }
        if (!reason.isEmpty()) {
            map.put("reason", reason);
        }
        if (reply != null) {
            map.put("reply", reply.toMap());
        }
        map.put("context", context.toMap());
        return map;
    }

    /** Inverse of {@link #toMap()}; {@link IllegalArgumentException} when the map is not one. */
    public static Decision fromMap(Map<String, ?> map) {
        Objects.requireNonNull(map, "map");
        Stage stage = enumValue(Stage.class, AuthResult.string(map, "stage", true));
        Action action = enumValue(Action.class, AuthResult.string(map, "action", true));
        SmtpReply reply = map.get("reply") == null ? null : SmtpReply.fromMap(submap(map, "reply"));
        SmtpContext context = map.get("context") == null ? SmtpContext.empty() : SmtpContext.fromMap(submap(map, "context"));
        return new Decision(AuthResult.string(map, "check", true), stage, action, reply,
                AuthResult.string(map, "result", false), AuthResult.string(map, "reason", false), context);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + type.getSimpleName() + ": " + name, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> submap(Map<String, ?> map, String key) {
        Object v = map.get(key);
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException(key + " is not a map: " + v);
        }
        return (Map<String, ?>) v;
    }

    /**
     * The one log line, fields in a fixed order, absent ones left out:
     * {@code mxpack stage=MAIL check=spf action=REJECT session=.. ip=.. helo=.. from=<..> rcpt=<..>
     * result=fail reason=".." reply="550 5.7.23 .."}.
     */
    public String logLine() {
        StringBuilder sb = new StringBuilder("mxpack");
        LogFormat.field(sb, "stage", stage.name());
        LogFormat.field(sb, "check", check);
        LogFormat.field(sb, "action", action.name());
        context.appendLogFields(sb);
        if (!result.isEmpty()) {
            LogFormat.field(sb, "result", result);
        }
        if (!reason.isEmpty()) {
            LogFormat.field(sb, "reason", reason);
        }
        if (reply != null) {
            LogFormat.field(sb, "reply", reply.toString());
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Decision)) {
            return false;
        }
        Decision d = (Decision) o;
        return check.equals(d.check) && stage == d.stage && action == d.action && Objects.equals(reply, d.reply)
                && result.equals(d.result) && reason.equals(d.reason) && context.equals(d.context);
    }

    @Override
    public int hashCode() {
        return Objects.hash(check, stage, action, reply, result, reason, context);
    }

    @Override
    public String toString() {
        return logLine();
    }
}
