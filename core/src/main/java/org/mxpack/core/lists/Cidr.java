package org.mxpack.core.lists;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 address block. IPv4-mapped IPv6 clients match IPv4 blocks. */
public final class Cidr {
    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    static boolean looksLikeAddress(String text) {
        String addr = text.contains("/") ? text.substring(0, text.indexOf('/')) : text;
        return addr.contains(":") || addr.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** Parses {@code 192.0.2.7}, {@code 192.0.2.0/24}, {@code 2001:db8::/32} (no DNS lookups). */
    public static Cidr parse(String text, String origin) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = literal(addr);
        if (bytes == null) {
            throw new IllegalArgumentException(origin + ": '" + text + "' is not an IP address or CIDR block");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException(origin + ": '" + text + "' has a bad prefix length (0-" + max + ")");
            }
        }
        return new Cidr(mask(bytes, prefix), prefix);
    }

    /** Parses an IP literal without ever touching DNS; null when it is not one. */
    public static byte[] literal(String text) {
        if (text.isEmpty()) {
            return null;
        }
        if (text.contains(":")) {
            if (!text.matches("[0-9a-fA-F:.]+")) {
                return null;
            }
        } else if (!text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (address instanceof Inet6Address && network.length == 4 && isV4Mapped(a)) {
            a = java.util.Arrays.copyOfRange(a, 12, 16);
        } else if (address instanceof Inet4Address && network.length == 16) {
            return false;
        }
        if (a.length != network.length) {
            return false;
        }
        return java.util.Arrays.equals(mask(a, prefix), network);
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - bits)));
        }
        return out;
    }
}
