package org.mxpack.core.verdict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
    private final List<Property> properties;

    private AuthResult(String method, String result, String reason, List<Property> properties) {
        this.method = Objects.requireNonNull(method);
        this.result = Objects.requireNonNull(result);
        this.reason = reason == null ? "" : reason;
        this.properties = Collections.unmodifiableList(new ArrayList<>(properties));
    }

    public static AuthResult of(String method, String result) {
        return new AuthResult(method, result, "", Collections.emptyList());
    }

    public AuthResult withReason(String value) {
        return new AuthResult(method, result, value, properties);
    }

    /** Adds {@code ptype.property=value}, e.g. {@code property("smtp", "mailfrom", "example.com")}. */
    public AuthResult withProperty(String ptype, String property, String value) {
        List<Property> list = new ArrayList<>(properties);
        list.add(new Property(ptype, property, value));
        return new AuthResult(method, result, reason, list);
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

    public List<Property> properties() {
        return properties;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AuthResult)) {
            return false;
        }
        AuthResult a = (AuthResult) o;
        return method.equals(a.method) && result.equals(a.result) && reason.equals(a.reason)
                && properties.equals(a.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, result, reason, properties);
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

        public Property(String ptype, String name, String value) {
            this.ptype = Objects.requireNonNull(ptype);
            this.name = Objects.requireNonNull(name);
            this.value = Objects.requireNonNull(value);
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

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Property)) {
                return false;
            }
            Property p = (Property) o;
            return ptype.equals(p.ptype) && name.equals(p.name) && value.equals(p.value);
        }

        @Override
        public int hashCode() {
            return Objects.hash(ptype, name, value);
        }

        @Override
        public String toString() {
            return ptype + "." + name + "=" + value;
        }
    }
}
