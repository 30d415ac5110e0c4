/**
 * Sender Rewriting Scheme (Shevek's "Guarded" scheme, byte-compatible with libsrs2/postsrsd and
 * Mail::SRS): {@link org.mxpack.core.srs.Srs#forward} and {@link org.mxpack.core.srs.Srs#reverse}, a
 * pure pair with the clock and the secrets given. Depends on nothing but the JDK's HMAC-SHA1.
 */
package org.mxpack.core.srs;
