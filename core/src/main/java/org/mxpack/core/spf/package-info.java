/**
 * SPF, RFC 7208 (not RFC 4408): {@link org.mxpack.core.spf.SpfChecker} evaluates {@code check_host()} for
 * MAIL FROM and HELO and returns an immutable {@link org.mxpack.core.spf.SpfVerdict}.
 *
 * <p><b>jspf:</b> not used. jspf 1.0.3 (shipped by James 3.8.1) is RFC 4408-era: it queries the obsolete
 * SPF RR type, has no void-lookup limit (RFC 7208 §4.6.4), reports results by throwing exceptions and
 * compares them as strings, and its default executor drops follow-up lookups. Wrapping it (a jspf
 * {@code DNSService} adapter over our {@code Dns} that hides the SPF type, a void-lookup counter, result
 * re-mapping) would have left only its RFC 4408 parser and macro expander in use. The evaluator here is
 * small ({@code SpfRecord} parser, {@code Macros}, {@code SpfEvaluator}) and runs the public RFC 7208
 * suite whole. Nothing in this package imports {@code org.apache.james}.
 *
 * <p>All DNS goes through {@link org.mxpack.core.dns.Dns}; only TXT, A, AAAA, MX and PTR are queried.
 */
package org.mxpack.core.spf;
