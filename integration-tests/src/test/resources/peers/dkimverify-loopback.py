# Runs dkimpy's own /usr/bin/dkimverify (Debian python3-dkim) with its DNS pointed at the test's
# loopback DNS server instead of /etc/resolv.conf, so it fetches the test's keys over real DNS.
#
#   /usr/bin/python3 dkimverify-loopback.py HOST PORT [dkimverify arguments, e.g. --index 1] < message
#
# dkimverify prints "signature ok" (exit 0) or "signature verification failed" (exit 1).
import runpy
import sys

import dns.resolver

host, port = sys.argv[1], int(sys.argv[2])
resolver = dns.resolver.Resolver(configure=False)
resolver.nameservers = [host]
resolver.port = port
resolver.lifetime = 5
dns.resolver.default_resolver = resolver  # what dkim.dnsplug's dns.resolver.query() asks

sys.argv = ["/usr/bin/dkimverify"] + sys.argv[3:]
runpy.run_path("/usr/bin/dkimverify", run_name="__main__")
