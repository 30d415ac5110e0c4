package org.mxpack.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Loopback port helpers: tests never use fixed ports. */
public final class Ports {
    private Ports() {
    }

    /** Ports handed out by this JVM, never handed out twice. */
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    /**
     * A TCP port on 127.0.0.1 for a server a test is about to start. Not a port 0 bind that is closed
     * and reused: the kernel hands such ports out again to the next outgoing connection (James's, a
     * DNS client's), which then holds the port the server wanted. These ports come from below the
     * kernel's ephemeral range, are checked free, and are never given twice in one JVM.
     */
    public static int free() {
        int[] range = unassignedRange();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = range[0] + RANDOM.nextInt(range[1] - range[0]);
            if (GIVEN.add(port) && bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + range[0] + "-" + range[1]);
    }

    private static final java.util.Random RANDOM = new java.security.SecureRandom();

    /** [low, high) below the ephemeral range of /proc/sys/net/ipv4/ip_local_port_range (default 32768). */
    private static int[] unassignedRange() {
        int ephemeralLow = 32768;
        try {
            String[] r = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            ephemeralLow = Integer.parseInt(r[0]);
        } catch (IOException | RuntimeException e) {
            // not Linux: keep the IANA ephemeral start's neighbourhood
        }
        int high = Math.max(ephemeralLow, 12000);
        return new int[] {Math.max(10000, high - 20000), high};
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when something accepts TCP connections on 127.0.0.1:port. */
    public static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
