package org.mxpack.testkit;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * An authoritative DNS server on 127.0.0.1, UDP and TCP on the same free port.
 *
 * <p>Serves records from zone master files or single lines; keeps NXDOMAIN (no such name, nor any
 * name below it) apart from NODATA; follows CNAMEs it holds; expands {@code *} wildcards; sets TC when
 * a UDP answer is larger than the client's limit (512 bytes, or its EDNS size). Per name it can be told
 * to {@link #timeout(String) never answer} or to {@link #servfail(String) answer SERVFAIL}; per zone to
 * {@link #silentZone(String) never answer}, {@link #slowZone answer late}, {@link #truncateZone(String)
 * answer over UDP only truncated} or {@link #garbageZone(String) answer garbage}; the whole server can
 * {@link #refuseTcp() refuse TCP} or go {@link #down() down} and come {@link #up() back} on its port.
 */
public final class LoopbackDnsServer implements AutoCloseable {
    private static final SOARecord SOA = soa();

    private final Map<Name, Map<Integer, List<Record>>> names = new ConcurrentHashMap<>();
    private final Set<Name> timeouts = ConcurrentHashMap.newKeySet();
    private final Set<Name> servfails = ConcurrentHashMap.newKeySet();
    private final Set<Name> silentZones = ConcurrentHashMap.newKeySet();
    private final Set<Name> truncatedZones = ConcurrentHashMap.newKeySet();
    private final Set<Name> garbageZones = ConcurrentHashMap.newKeySet();
    private final Set<Name> soaLessZones = ConcurrentHashMap.newKeySet();
    private final Map<Name, Long> slowZones = new ConcurrentHashMap<>();
    private volatile long delayMillis;
    private final java.util.concurrent.ScheduledExecutorService later =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "loopback-dns-delay");
                t.setDaemon(true);
                return t;
            });
    private final List<String> queryLog = new CopyOnWriteArrayList<>();
    private final AtomicInteger queries = new AtomicInteger();
    private final int port;
    private volatile DatagramSocket udp;
    private volatile ServerSocket tcp;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-dns");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running = true;

    private LoopbackDnsServer(DatagramSocket udp, ServerSocket tcp) {
        this.port = udp.getLocalPort();
        this.udp = udp;
        this.tcp = tcp;
        workers.submit(() -> serveUdp(udp));
        workers.submit(() -> serveTcp(tcp));
    }

    /** Starts on a free port of 127.0.0.1 (the same number for UDP and TCP). */
    public static LoopbackDnsServer start() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
            try {
                ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 50, loopback);
                return new LoopbackDnsServer(udp, tcp);
            } catch (IOException e) {
                udp.close();
                last = e;
            }
        }
        throw last;
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}, the form the pack's {@code --dns} option and config take. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    // ---- content -------------------------------------------------------------------------------

    /** Loads a zone master file; {@code origin} is the default origin ({@code $ORIGIN} may change it). */
    public LoopbackDnsServer loadZoneFile(Path file, String origin) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return loadZone(in, origin);
        }
    }

    /** Loads zone master-file text, e.g. {@code "host 300 IN A 192.0.2.1\n"}. */
    public LoopbackDnsServer loadZone(String text, String origin) throws IOException {
        return loadZone(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), origin);
    }

    private LoopbackDnsServer loadZone(InputStream in, String origin) throws IOException {
        try (Master master = new Master(in, name(origin), 300)) {
            Record r;
            while ((r = master.nextRecord()) != null) {
                add(r);
            }
        }
        return this;
    }

    /** Adds one record, e.g. {@code add("example.com", "TXT", "\"v=spf1 -all\"")}. */
    public LoopbackDnsServer add(String owner, String type, String rdata) {
        try {
            add(Record.fromString(name(owner), Type.value(type.toUpperCase(Locale.ROOT)), DClass.IN, 300,
                    rdata, Name.root));
        } catch (IOException e) {
            throw new IllegalArgumentException("bad record " + owner + " " + type + " " + rdata + ": " + e, e);
        }
        return this;
    }

    public LoopbackDnsServer add(Record record) {
        names.computeIfAbsent(record.getName(), n -> new ConcurrentHashMap<>())
                .computeIfAbsent(record.getType(), t -> new CopyOnWriteArrayList<>())
                .add(record);
        return this;
    }

    /** Removes every record and fault. */
    public void clear() {
        names.clear();
        clearFaults();
        queryLog.clear();
    }

    /** Queries for this name (any type) are never answered. */
    public LoopbackDnsServer timeout(String owner) {
        timeouts.add(name(owner));
        return this;
    }

    /** Queries for this name (any type) get SERVFAIL. */
    public LoopbackDnsServer servfail(String owner) {
        servfails.add(name(owner));
        return this;
    }

    /** Queries for this name and every name under it are never answered (a zone whose servers are gone). */
    public LoopbackDnsServer silentZone(String zone) {
        silentZones.add(name(zone));
        return this;
    }

    /**
     * Every UDP answer is sent this late, as from a resolver with a cold cache. The server keeps
     * reading meanwhile (answers are scheduled, not slept on).
     */
    public LoopbackDnsServer delay(java.time.Duration value) {
        this.delayMillis = value.toMillis();
        return this;
    }

    /** UDP answers for this zone (and every name under it) are sent this late; TCP answers at once. */
    public LoopbackDnsServer slowZone(String zone, java.time.Duration value) {
        slowZones.put(name(zone), value.toMillis());
        return this;
    }

    /** UDP answers for this zone and every name under it are truncated (TC set, no records). */
    public LoopbackDnsServer truncateZone(String zone) {
        truncatedZones.add(name(zone));
        return this;
    }

    /**
     * Answers for this zone and every name under it (UDP and TCP) are garbage: the query's ID and a
     * response header claiming one answer record, then bytes that are no record.
     */
    public LoopbackDnsServer garbageZone(String zone) {
        garbageZones.add(name(zone));
        return this;
    }

    /**
     * Negative answers (NXDOMAIN, NODATA) for this zone and every name under it carry no SOA, as
     * dnsmasq's {@code --local} zones send them.
     */
    public LoopbackDnsServer soaLessZone(String zone) {
        soaLessZones.add(name(zone));
        return this;
    }

    /** Closes the TCP listener: connections to the port are refused (UDP goes on). */
    public void refuseTcp() {
        closeQuietly(tcp);
    }

    /** Listens for TCP again on the same port. */
    public void acceptTcp() throws IOException {
        if (tcp.isClosed()) {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 50);
            tcp = s;
            workers.submit(() -> serveTcp(s));
        }
    }

    /** The server is gone: UDP and TCP closed (UDP queries get ICMP port unreachable, TCP is refused). */
    public void down() {
        udp.close();
        closeQuietly(tcp);
    }

    /** Back on the same port after {@link #down()}, with the same records and faults. */
    public void up() throws IOException {
        if (udp.isClosed()) {
            DatagramSocket u = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            udp = u;
            workers.submit(() -> serveUdp(u));
        }
        acceptTcp();
    }

    public void clearFaults() {
        timeouts.clear();
        servfails.clear();
        silentZones.clear();
        truncatedZones.clear();
        garbageZones.clear();
        soaLessZones.clear();
        slowZones.clear();
        delayMillis = 0;
    }

    /** How many queries arrived (UDP and TCP). */
    public int queryCount() {
        return queries.get();
    }

    /** The queries seen so far as {@code "TYPE name"} (name without the trailing dot), oldest first. */
    public List<String> queryLog() {
        return List.copyOf(queryLog);
    }

    // ---- answering -----------------------------------------------------------------------------

    /** Builds the response, or null to stay silent (timeout). Package-visible for unit tests. */
    Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (question == null || query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response;
        }
        response.addRecord(question, Section.QUESTION);
        Name qname = question.getName();
        int qtype = question.getType();
        queries.incrementAndGet();
        queryLog.add(Type.string(qtype) + " " + qname.toString(true));
        Name current = qname;
        for (int hop = 0; hop < 16; hop++) {
            if (timeouts.contains(current) || isSilent(current)) {
                return null;
            }
            if (servfails.contains(current)) {
                response.getHeader().setRcode(Rcode.SERVFAIL);
                return response;
            }
            Map<Integer, List<Record>> rrsets = lookupName(current);
            if (rrsets == null) {
                response.getHeader().setRcode(hasDescendant(current) ? Rcode.NOERROR : Rcode.NXDOMAIN);
                addSoa(response, current);
                return response;
            }
            List<Record> exact = rrsets.get(qtype);
            if (exact != null && !exact.isEmpty()) {
                for (Record r : exact) {
                    response.addRecord(r.withName(current), Section.ANSWER);
                }
                return response;
            }
            List<Record> cname = rrsets.get(Type.CNAME);
            if (cname != null && !cname.isEmpty() && qtype != Type.CNAME) {
                Record c = cname.get(0).withName(current);
                response.addRecord(c, Section.ANSWER);
                current = ((CNAMERecord) c).getTarget();
                continue;
            }
            addSoa(response, current);
            return response;
        }
        return response; // CNAME loop: give what we have, the resolver notices the loop
    }

    private void addSoa(Message response, Name current) {
        if (!inZone(current, soaLessZones)) {
            response.addRecord(SOA, Section.AUTHORITY);
        }
    }

    /** Exact name, else the closest enclosing wildcard (RFC 4592, simplified). */
    private Map<Integer, List<Record>> lookupName(Name qname) {
        Map<Integer, List<Record>> exact = names.get(qname);
        if (exact != null) {
            return exact;
        }
        if (hasDescendant(qname)) {
            return null;
        }
        for (int labels = qname.labels() - 1; labels > 1; labels--) {
            Name parent = new Name(qname, qname.labels() - labels);
            Map<Integer, List<Record>> wild = names.get(wildcard(parent));
            if (wild != null) {
                return wild;
            }
            if (names.containsKey(parent)) {
                return null;
            }
        }
        return null;
    }

    private boolean hasDescendant(Name name) {
        for (Name n : names.keySet()) {
            if (!n.equals(name) && n.subdomain(name)) {
                return true;
            }
        }
        return false;
    }

    private boolean isSilent(Name name) {
        return inZone(name, silentZones);
    }

    private static boolean inZone(Name name, Set<Name> zones) {
        for (Name zone : zones) {
            if (name.subdomain(zone)) {
                return true;
            }
        }
        return false;
    }

    private long slowness(Name name) {
        for (Map.Entry<Name, Long> z : slowZones.entrySet()) {
            if (name.subdomain(z.getKey())) {
                return z.getValue();
            }
        }
        return delayMillis;
    }

    /** The query's ID, QR and ANCOUNT=1, then bytes no parser reads as a record. */
    private static byte[] garbage(Message query) {
        byte[] wire = new byte[12 + 24];
        int id = query.getHeader().getID();
        wire[0] = (byte) (id >> 8);
        wire[1] = (byte) id;
        wire[2] = (byte) 0x84; // QR, AA
        wire[5] = 1; // QDCOUNT 1
        wire[7] = 1; // ANCOUNT 1
        for (int i = 12; i < wire.length; i++) {
            wire[i] = (byte) 0xC0; // compression pointers pointing at themselves
        }
        return wire;
    }

    private boolean isGarbage(Message query) {
        return inZone(qname(query), garbageZones);
    }

    private static Name qname(Message query) {
        Record q = query.getQuestion();
        return q == null ? Name.root : q.getName();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static Name wildcard(Name parent) {
        try {
            return Name.concatenate(Name.fromConstantString("*"), parent);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- transport -----------------------------------------------------------------------------

    private void serveUdp(DatagramSocket udp) {
        byte[] buf = new byte[65535];
        while (running && !udp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            try {
                udp.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] wire;
                if (isGarbage(query)) {
                    queries.incrementAndGet();
                    wire = garbage(query);
                } else {
                    Message response = answer(query);
                    if (response == null) {
                        continue;
                    }
                    OPTRecord opt = query.getOPT();
                    int limit = opt == null ? 512 : Math.max(512, opt.getPayloadSize());
                    wire = response.toWire();
                    if (wire.length > limit || inZone(qname(query), truncatedZones)) {
                        wire = truncated(response).toWire();
                    }
                }
                DatagramPacket out = new DatagramPacket(wire, wire.length, packet.getSocketAddress());
                long delay = slowness(qname(query));
                if (delay > 0) {
                    later.schedule(() -> {
                        try {
                            udp.send(out);
                        } catch (IOException ignored) {
                            // the client went away, or the server is closing
                        }
                    }, delay, java.util.concurrent.TimeUnit.MILLISECONDS);
                } else {
                    udp.send(out);
                }
            } catch (SocketException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // A malformed query must not stop the server.
            }
        }
    }

    private static Message truncated(Message full) {
        Message m = new Message(full.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.AA);
        m.getHeader().setFlag(Flags.TC);
        m.getHeader().setRcode(full.getRcode());
        m.addRecord(full.getQuestion(), Section.QUESTION);
        return m;
    }

    private void serveTcp(ServerSocket tcp) {
        while (running && !tcp.isClosed()) {
            try {
                Socket s = tcp.accept();
                workers.submit(() -> serveTcpClient(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveTcpClient(Socket socket) {
        try (Socket s = socket) {
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            while (running) {
                int len = in.readUnsignedShort();
                byte[] q = new byte[len];
                in.readFully(q);
                Message query = new Message(q);
                byte[] wire;
                if (isGarbage(query)) {
                    queries.incrementAndGet();
                    wire = garbage(query);
                } else {
                    Message response = answer(query);
                    if (response == null) {
                        continue;
                    }
                    wire = response.toWire();
                }
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // client went away or sent garbage
        }
    }

    @Override
    public void close() {
        running = false;
        udp.close();
        closeQuietly(tcp);
        workers.shutdownNow();
        later.shutdownNow();
    }

    private static Name name(String text) {
        try {
            String t = text.endsWith(".") ? text : text + ".";
            return Name.fromString(t);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad DNS name '" + text + "': " + e.getMessage(), e);
        }
    }

    private static SOARecord soa() {
        try {
            return new SOARecord(Name.root, DClass.IN, 60, Name.fromString("ns.loopback."),
                    Name.fromString("hostmaster.loopback."), 1, 3600, 600, 86400, 60);
        } catch (TextParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** All owner names currently held (for tests and debugging). */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (Name n : names.keySet()) {
            out.add(n.toString(true));
        }
        return out;
    }
}
