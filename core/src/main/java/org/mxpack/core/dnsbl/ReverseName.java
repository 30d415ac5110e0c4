package org.mxpack.core.dnsbl;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The reversed form of an address used under DNS lists (RFC 5782 §2.1, §2.4) and the reverse tree:
 * IPv4 octets reversed ({@code 2.0.0.127}), IPv6 as 32 reversed nibbles.
 */
public final class ReverseName {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ReverseName() {
    }

    /** {@code 4.3.2.1} for 1.2.3.4; {@code b.a.9.8. ... .0.2} (32 nibbles) for an IPv6 address. */
    public static String of(InetAddress ip) {
        byte[] b = ip.getAddress();
        StringBuilder sb = new StringBuilder(b.length == 4 ? 16 : 64);
        for (int i = b.length - 1; i >= 0; i--) {
            int v = b[i] & 0xFF;
            if (b.length == 4) {
                sb.append(v).append('.');
            } else {
                sb.append(HEX[v & 0xF]).append('.').append(HEX[v >>> 4]).append('.');
            }
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    /** The PTR name: {@code ...in-addr.arpa} or {@code ...ip6.arpa}. */
    public static String ptrName(InetAddress ip) {
        return of(ip) + (ip instanceof Inet4Address ? ".in-addr.arpa" : ".ip6.arpa");
    }
}
