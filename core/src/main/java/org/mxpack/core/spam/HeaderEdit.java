package org.mxpack.core.spam;

import java.util.Objects;

/**
 * One header change rspamd asks for (its reply's {@code milter} block). An addition carries the value and
 * rspamd's {@code order} (0 = append; n &gt; 0 = insert at position n, as the milter protocol's
 * {@code smfi_insheader} does). A removal carries the instance index: 0 = every instance of the name,
 * n &gt; 0 = the n-th, n &lt; 0 = the n-th from the end.
 */
public final class HeaderEdit {
    /** Add or remove. */
    public enum Kind {
        ADD,
        REMOVE,
        REMOVE_PREFIX
    }

    private final Kind kind;
    private final String name;
    private final String value;
    private final long position;

    private HeaderEdit(Kind kind, String name, String value, long position) {
        this.kind = kind;
        this.name = Objects.requireNonNull(name, "name");
        this.value = value == null ? "" : value;
        this.position = position;
    }

    public static HeaderEdit add(String name, String value, long order) {
        return new HeaderEdit(Kind.ADD, name, value, order);
    }

    public static HeaderEdit remove(String name, long index) {
        return new HeaderEdit(Kind.REMOVE, name, "", index);
    }

    /** Every field whose name starts with {@code prefix}, any case. */
    public static HeaderEdit removePrefix(String prefix) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("an empty prefix would remove every header");
        }
        return new HeaderEdit(Kind.REMOVE_PREFIX, prefix, "", 0);
    }

    /** True when this edit removes a field of that name. */
    public boolean removes(String fieldName) {
        return kind == Kind.REMOVE ? name.equalsIgnoreCase(fieldName)
                : kind == Kind.REMOVE_PREFIX && fieldName.regionMatches(true, 0, name, 0, name.length());
    }

    public Kind kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    /** The value to add; empty for removals. */
    public String value() {
        return value;
    }

    /** {@code order} for an addition, instance index for a removal (see the class comment). */
    public long position() {
        return position;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HeaderEdit)) {
            return false;
        }
        HeaderEdit e = (HeaderEdit) o;
        return kind == e.kind && name.equals(e.name) && value.equals(e.value) && position == e.position;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name, value, position);
    }

    @Override
    public String toString() {
        if (kind == Kind.REMOVE_PREFIX) {
            return "-" + name + "*";
        }
        return kind == Kind.ADD ? "+" + name + "[" + position + "]: " + value : "-" + name + "[" + position + "]";
    }
}
