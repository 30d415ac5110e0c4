# Drives dkimpy's ARC code (what Debian's /usr/bin/arcsign and /usr/bin/arcverify run:
# dkim.arc_sign / dkim.arc_verify) with its key lookups sent to a given DNS server, so that the
# interop tests can use their loopback DNS server. Run with the interpreter of /usr/bin/arcverify.
#
#   dkimpy_arc.py verify DNS_HOST:PORT < message          -> one JSON line {"cv": .., "reason": .., "instances": ..}
#   dkimpy_arc.py seal DNS_HOST:PORT SELECTOR DOMAIN KEYFILE SRV_ID TIMESTAMP < message > sealed
#       seal = what an MTA with dkimpy does: verify the chain, record arc=RESULT in an
#       Authentication-Results field of SRV_ID, then dkim.arc_sign (which takes cv= from that field)
import json
import sys

import dkim
import dns.resolver


def dnsfunc_for(server):
    host, port = server.rsplit(":", 1)
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [host]
    resolver.port = int(port)

    def get_txt(name, timeout=5):
        if isinstance(name, bytes):
            name = name.decode("ascii")
        try:
            answer = resolver.resolve(name, "TXT", lifetime=timeout, raise_on_no_answer=False)
        except (dns.resolver.NXDOMAIN, dns.resolver.NoNameservers):
            return None
        for rrset in answer.response.answer:
            if rrset.rdtype == dns.rdatatype.TXT:
                return b"".join(list(rrset.items)[0].strings)
        return None

    return get_txt


def verify(message, dnsfunc):
    cv, results, reason = dkim.arc_verify(message, dnsfunc=dnsfunc)
    cv = cv.decode() if isinstance(cv, bytes) else cv
    return {"cv": cv, "reason": reason, "instances": len(results),
            "ams_valid": [bool(r.get("ams-valid")) for r in results],
            "as_valid": [bool(r.get("as-valid")) for r in results]}


def main():
    sys.stdin = sys.stdin.detach()
    sys.stdout = sys.stdout.detach()
    command, server = sys.argv[1], sys.argv[2]
    dnsfunc = dnsfunc_for(server)
    message = sys.stdin.read()
    if command == "verify":
        sys.stdout.write((json.dumps(verify(message, dnsfunc)) + "\n").encode())
        return 0
    selector, domain, keyfile, srv_id, timestamp = sys.argv[3:8]
    result = verify(message, dnsfunc)
    cv = result["cv"] if result["cv"] in ("pass", "fail") else "none"
    linesep = dkim.util.get_linesep(message)
    authres = ("Authentication-Results: %s; arc=%s" % (srv_id, cv)).encode() + linesep
    message = authres + message
    with open(keyfile, "rb") as f:
        key = f.read()
    fields = dkim.arc_sign(message, selector.encode(), domain.encode(), key, srv_id.encode(),
                           timestamp=int(timestamp), linesep=linesep)
    if not fields:
        sys.stderr.write("dkimpy did not seal (chain terminated)\n")
        return 1
    for field in fields:
        sys.stdout.write(field)
    sys.stdout.write(message)
    return 0


if __name__ == "__main__":
    sys.exit(main())
