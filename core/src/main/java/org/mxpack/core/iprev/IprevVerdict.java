package org.mxpack.core.iprev;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.mxpack.core.verdict.AuthResult;

/** The iprev (forward-confirmed reverse DNS) outcome for one client address. Immutable. */
public final class IprevVerdict {
    private final String ip;
    private final IprevResult result;
    private final String name;
    private final List<String> ptrNames;
    private final String reason;

    private IprevVerdict(String ip, IprevResult result, String name, List<String> ptrNames, String reason) {
        this.ip = Objects.requireNonNull(ip);
        this.result = Objects.requireNonNull(result);
        this.name = name == null ? "" : name;
        this.ptrNames = List.copyOf(ptrNames);
        this.reason = reason == null ? "" : reason;
    }

    public static IprevVerdict pass(String ip, String confirmedName, List<String> ptrNames) {
        return new IprevVerdict(ip, IprevResult.PASS, confirmedName, ptrNames, confirmedName);
    }

    public static IprevVerdict of(String ip, IprevResult result, List<String> ptrNames, String reason) {
        if (result == IprevResult.PASS) {
            throw new IllegalArgumentException("use pass(...) for a confirmed name");
        }
        return new IprevVerdict(ip, result, "", ptrNames, reason);
    }

    public String ip() {
        return ip;
    }

    public IprevResult result() {
        return result;
    }

    /** The forward-confirmed name; empty unless PASS. */
    public String name() {
        return name;
    }

    /** The PTR names examined (at most the checker's limit). */
    public List<String> ptrNames() {
        return ptrNames;
    }

    public String reason() {
        return reason;
    }

    /**
     * {@code iprev=<result> policy.iprev=<ip>}, the confirmed name (or the cause) as the reason/comment,
     * as in RFC 8601 §3 examples: {@code iprev=pass policy.iprev=192.0.2.200 (mail.example.com)}.
     */
    public AuthResult toAuthResult() {
        AuthResult ar = AuthResult.of("iprev", result.keyword());
        if (!reason.isEmpty()) {
            ar = ar.withReason(reason);
        }
        return ar.withProperty("policy", "iprev", ip);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ip", ip);
        m.put("result", result.keyword());
        m.put("name", name);
        m.put("ptr", new ArrayList<>(ptrNames));
        m.put("reason", reason);
        return m;
    }

    public static IprevVerdict fromMap(Map<String, ?> m) {
        List<String> ptr = new ArrayList<>();
        Object list = m.get("ptr");
        if (list instanceof List) {
            for (Object o : (List<?>) list) {
                ptr.add(String.valueOf(o));
            }
        }
        return new IprevVerdict(String.valueOf(m.get("ip")), IprevResult.fromKeyword(String.valueOf(m.get("result"))),
                str(m.get("name")), ptr, str(m.get("reason")));
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IprevVerdict)) {
            return false;
        }
        IprevVerdict v = (IprevVerdict) o;
        return ip.equals(v.ip) && result == v.result && name.equals(v.name) && ptrNames.equals(v.ptrNames)
                && reason.equals(v.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ip, result, name, ptrNames, reason);
    }

    @Override
    public String toString() {
        return "iprev=" + result.keyword() + " " + ip + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
