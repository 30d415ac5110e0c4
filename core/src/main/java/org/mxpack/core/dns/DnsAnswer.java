package org.mxpack.core.dns;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The answer to one {@code lookup(name, type)}: a status and, for NOERROR, the records as text.
 *
 * <p>Record text by type: A/AAAA the address ({@code 192.0.2.1}, {@code 2001:db8::1});
 * MX {@code "PREFERENCE HOST"}; TXT the character-strings of one record concatenated;
 * PTR/CNAME/NS the target host. Host names are lower case without the trailing dot
 * ({@code "."} stays {@code "."} for a null MX).
 */
public final class DnsAnswer {
    private final String name;
    private final RecordType type;
    private final DnsStatus status;
    private final List<String> records;
    private final String detail;

    private DnsAnswer(String name, RecordType type, DnsStatus status, List<String> records, String detail) {
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
        this.status = Objects.requireNonNull(status);
        this.records = List.copyOf(records);
        this.detail = detail == null ? "" : detail;
    }

    public static DnsAnswer records(String name, RecordType type, List<String> records) {
        if (records.isEmpty()) {
            return new DnsAnswer(name, type, DnsStatus.NODATA, Collections.emptyList(), "");
        }
        return new DnsAnswer(name, type, DnsStatus.NOERROR, records, "");
    }

    public static DnsAnswer nxdomain(String name, RecordType type) {
        return new DnsAnswer(name, type, DnsStatus.NXDOMAIN, Collections.emptyList(), "no such domain");
    }

    public static DnsAnswer nodata(String name, RecordType type) {
        return new DnsAnswer(name, type, DnsStatus.NODATA, Collections.emptyList(), "no " + type + " record");
    }

    /** A temporary failure; {@code detail} says which (SERVFAIL, timeout, ...). */
    public static DnsAnswer tempfail(String name, RecordType type, String detail) {
        return new DnsAnswer(name, type, DnsStatus.TEMPFAIL, Collections.emptyList(), detail);
    }

    public String name() {
        return name;
    }

    public RecordType type() {
        return type;
    }

    public DnsStatus status() {
        return status;
    }

    /** The records; empty unless {@link #status()} is NOERROR. */
    public List<String> records() {
        return records;
    }

    /** Human-readable cause of a non-NOERROR status, for reasons and logs. */
    public String detail() {
        return detail;
    }

    public boolean isTempFail() {
        return status == DnsStatus.TEMPFAIL;
    }

    /** NXDOMAIN or NODATA: the domain says there is nothing. */
    public boolean isEmpty() {
        return status == DnsStatus.NXDOMAIN || status == DnsStatus.NODATA;
    }

    @Override
    public String toString() {
        return name + "/" + type + " " + status + (records.isEmpty() ? " (" + detail + ")" : " " + records);
    }
}
