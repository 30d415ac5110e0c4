package org.mxpack.core.dns;

/** The DNS record types the pack looks up. Values are the IANA type codes. */
public enum RecordType {
    A(1), NS(2), CNAME(5), PTR(12), MX(15), TXT(16), AAAA(28);

    private final int code;

    RecordType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
