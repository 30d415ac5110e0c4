package org.mxpack.core.verdict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code resinfo} of an RFC 8601 Authentication-Results header: method, result keyword,
 * optional reason and properties such as {@code smtp.mailfrom=example.com}. Every verdict type
 * (SPF, DKIM, DMARC, iprev ...) renders itself into one or more of these; one builder turns them
 * into the header.
 */
public final class AuthResult {
    private final String method;
    private final String result;
    private final String reason;
    private final String comment;
    private final List<Property> properties;

    private AuthResult(String method, String result, String reason, String comment, List<Property> properties) {
        this.method = Objects.requireNonNull(method);
        this.result = Objects.requireNonNull(result);
        this.reason = reason == null ? "" : reason;
        this.comment = comment == null ? "" : comment;
        this.properties = Collections.unmodifiableList(new ArrayList<>(properties));
    }

    public static AuthResult of(String method, String result) {
        return new AuthResult(method, result, "", "", Collections.emptyList());
    }

    public AuthResult withReason(String value) {
        return new AuthResult(method, result, value, comment, properties);
    }

    /** A comment rendered right after {@code method=result}, e.g. {@code spf=fail (sender not permitted)}. */
    public AuthResult withComment(String value) {
        return new AuthResult(method, result, reason, value, properties);
    }

    /** Adds {@code ptype.property=value}, e.g. {@code property("smtp", "mailfrom", "example.com")}. */
    public AuthResult withProperty(String ptype, String property, String value) {
        return withProperty(new Property(ptype, property, value));
    }

    /** Adds {@code ptype.property=value (comment)}, e.g. {@code policy.iprev=192.0.2.1 (mail.example.com)}. */
    public AuthResult withProperty(String ptype, String property, String value, String comment) {
        return withProperty(new Property(ptype, property, value, comment));
    }

    public AuthResult withProperty(Property property) {
        List<Property> list = new ArrayList<>(properties);
        list.add(Objects.requireNonNull(property));
        return new AuthResult(method, result, reason, comment, list);
    }

    public String method() {
        return method;
    }

    public String result() {
        return result;
    }

    /** Empty when there is none. */
    public String reason() {
        return reason;
    }

    /** Empty when there is none. */
    public String comment() {
        return comment;
    }

    public List<Property> properties() {
        return properties;
    }

    /**
     * JSON-friendly form: {@code {method, result, reason?, comment?, properties: [{ptype, name, value, comment?}]}}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("method", method);
        map.put("result", result);
        if (!reason.isEmpty()) {
            map.put("reason", reason);
        }
        if (!comment.isEmpty()) {
            map.put("comment", comment);
        }
        List<Object> props = new ArrayList<>();
        for (Property p : properties) {
            props.add(p.toMap());
        }
        map.put("properties", props);
        return map;
    }

    public static AuthResult fromMap(Map<String, ?> map) {
        AuthResult a = new AuthResult(string(map, "method", true), string(map, "result", true),
                string(map, "reason", false), string(map, "comment", false), Collections.emptyList());
        Object props = map.get("properties");
        if (props != null && !(props instanceof List)) {
            throw new IllegalArgumentException("properties is not a list: " + props);
        }
        if (props != null) {
            for (Object o : (List<?>) props) {
                if (!(o instanceof Map)) {
                    throw new IllegalArgumentException("property is not a map: " + o);
                }
                Map<?, ?> p = (Map<?, ?>) o;
                @SuppressWarnings("unchecked")
                Map<String, ?> pm = (Map<String, ?>) p;
                a = a.withProperty(new Property(string(pm, "ptype", true), string(pm, "name", true),
                        string(pm, "value", true), string(pm, "comment", false)));
            }
        }
        return a;
    }

    static String string(Map<String, ?> map, String key, boolean required) {
        Object v = map.get(key);
        if (v == null && !required) {
            return "";
        }
        if (!(v instanceof String)) {
            throw new IllegalArgumentException(key + " is missing or not a string: " + v);
        }
        return (String) v;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AuthResult)) {
            return false;
        }
        AuthResult a = (AuthResult) o;
        return method.equals(a.method) && result.equals(a.result) && reason.equals(a.reason)
                && comment.equals(a.comment) && properties.equals(a.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, result, reason, comment, properties);
    }

    @Override
    public String toString() {
        return method + "=" + result + (reason.isEmpty() ? "" : " reason=" + reason) + " " + properties;
    }

    /** {@code ptype.property=value}. */
    public static final class Property {
        private final String ptype;
        private final String name;
        private final String value;
        private final String comment;

        public Property(String ptype, String name, String value) {
            this(ptype, name, value, "");
        }

        /** With a comment rendered after the value, e.g. {@code policy.iprev=192.0.2.1 (mail.example.com)}. */
        public Property(String ptype, String name, String value, String comment) {
            this.ptype = Objects.requireNonNull(ptype);
            this.name = Objects.requireNonNull(name);
            this.value = Objects.requireNonNull(value);
            this.comment = comment == null ? "" : comment;
        }

        public String ptype() {
            return ptype;
        }

        public String name() {
            return name;
        }

        public String value() {
            return value;
        }

        /** Empty when there is none. */
        public String comment() {
            return comment;
        }

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("ptype", ptype);
            map.put("name", name);
            map.put("value", value);
            if (!comment.isEmpty()) {
                map.put("comment", comment);
            }
            return map;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Property)) {
                return false;
            }
            Property p = (Property) o;
            return ptype.equals(p.ptype) && name.equals(p.name) && value.equals(p.value) && comment.equals(p.comment);
        }

        @Override
        public int hashCode() {
            return Objects.hash(ptype, name, value, comment);
        }

        @Override
        public String toString() {
            return ptype + "." + name + "=" + value;
        }
    }
}
