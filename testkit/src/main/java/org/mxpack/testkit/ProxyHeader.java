package org.mxpack.testkit;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** HAProxy PROXY protocol headers (v1 text, v2 binary) for a TCP client, as a load balancer sends them. */
public final class ProxyHeader {
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyHeader() {
    }

    /** {@code PROXY TCP4|TCP6 SRC DST SPORT DPORT\r\n}. */
    public static byte[] v1(String source, int sourcePort, String destination, int destinationPort) {
        String family = address(source) instanceof Inet4Address ? "TCP4" : "TCP6";
        return ("PROXY " + family + " " + source + " " + destination + " " + sourcePort + " " + destinationPort + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The binary v2 header, command PROXY, TCP over IPv4 or IPv6 (both addresses of one family). */
    public static byte[] v2(String source, int sourcePort, String destination, int destinationPort) {
        byte[] src = address(source).getAddress();
        byte[] dst = address(destination).getAddress();
        if (src.length != dst.length) {
            throw new IllegalArgumentException("source and destination must be of one address family");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(V2_SIGNATURE);
        out.write(0x21);                        // version 2, command PROXY
        out.write(src.length == 4 ? 0x11 : 0x21); // TCP over IPv4 / IPv6
        int length = 2 * src.length + 4;
        out.write(length >> 8);
        out.write(length & 0xff);
        out.writeBytes(src);
        out.writeBytes(dst);
        out.write(sourcePort >> 8);
        out.write(sourcePort & 0xff);
        out.write(destinationPort >> 8);
        out.write(destinationPort & 0xff);
        return out.toByteArray();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal: " + literal, e);
        }
    }
}
