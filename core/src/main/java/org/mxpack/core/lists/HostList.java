package org.mxpack.core.lists;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A list of host rules (names, domains, addresses, CIDR blocks) that a client is checked against:
 * its HELO/EHLO name, an address literal given as HELO, and its connecting IP address.
 */
public final class HostList {
    private final List<ListEntry> entries;

    private HostList(List<ListEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static HostList of(Collection<ListEntry> entries) {
        return new HostList(new ArrayList<>(entries));
    }

    public static HostList empty() {
        return new HostList(List.of());
    }

    /** Parses rules given inline (e.g. XML elements); {@code origin} names where, for errors. */
    public static HostList parse(List<String> rules, String origin) {
        return new HostList(ListFile.parse(rules, origin, ListEntry::parse));
    }

    /**
     * Reads a list file: one rule per line, {@code #} starts a comment, blank lines ignored.
     * Errors name the file and line.
     */
    public static HostList read(Path file) throws IOException {
        return new HostList(ListFile.read(file, ListEntry::parse));
    }

    public HostList plus(HostList other) {
        List<ListEntry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new HostList(all);
    }

    public int size() {
        return entries.size();
    }

    /**
     * The first rule matching the HELO argument (a name, or an address literal {@code [192.0.2.1]} /
     * {@code [IPv6:2001:db8::1]} / a bare address) or the client's address.
     */
    public Optional<ListMatch> match(String helo, InetAddress client) {
        InetAddress heloAddress = heloAddress(helo);
        String heloName = heloAddress == null && helo != null ? normalizeName(helo) : null;
        for (ListEntry e : entries) {
            if (heloName != null && e.matchesName(heloName)) {
                return Optional.of(new ListMatch(e, ListMatch.Subject.HELO_NAME, heloName));
            }
            if (heloAddress != null && e.matchesAddress(heloAddress)) {
                return Optional.of(new ListMatch(e, ListMatch.Subject.HELO_ADDRESS, heloAddress.getHostAddress()));
            }
            if (client != null && e.matchesAddress(client)) {
                return Optional.of(new ListMatch(e, ListMatch.Subject.CLIENT_ADDRESS, client.getHostAddress()));
            }
        }
        return Optional.empty();
    }

    /** Only the client's address (checked at connect, before any HELO). */
    public Optional<ListMatch> matchClient(InetAddress client) {
        return match(null, client);
    }

    /**
     * What an allow-list may trust, nothing the client can choose: address and CIDR rules against the
     * connecting address, name rules against a forward-confirmed reverse name (iprev pass).
     */
    public Optional<ListMatch> matchConfirmedName(String confirmedName) {
        if (confirmedName == null || confirmedName.isEmpty()) {
            return Optional.empty();
        }
        String name = normalizeName(confirmedName);
        for (ListEntry e : entries) {
            if (e.matchesName(name)) {
                return Optional.of(new ListMatch(e, ListMatch.Subject.CONFIRMED_NAME, name));
            }
        }
        return Optional.empty();
    }

    /** Whether any rule is a name rule (not an address or CIDR). */
    public boolean hasNameRules() {
        for (ListEntry e : entries) {
            if (!e.isNetwork()) {
                return true;
            }
        }
        return false;
    }

    private static String normalizeName(String helo) {
        String n = helo.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** The address in a HELO literal or bare IP, else null. Never resolves names. */
    static InetAddress heloAddress(String helo) {
        if (helo == null) {
            return null;
        }
        String h = helo.trim();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
            if (h.regionMatches(true, 0, "IPv6:", 0, 5)) {
                h = h.substring(5);
            }
        }
        byte[] bytes = Cidr.literal(h);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
