package org.mxpack.core.srs;

import java.time.Instant;

/**
 * The SRS0 timestamp: days since the epoch modulo 1024, as two base32 characters (A-Z 2-7), most
 * significant first. Decoding is case-insensitive; the age wraps around every 1024 days, so a stamp
 * from "tomorrow" is 1023 days old (libsrs2 {@code srs_timestamp_check}).
 */
public final class SrsTimestamp {
    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    static final int SLOTS = 1024;
    private static final long SECONDS_PER_DAY = 86_400;

    private SrsTimestamp() {
    }

    /** The stamp for the day of {@code now} (UTC). */
    public static String of(Instant now) {
        int slot = slot(now);
        return new String(new char[] {ALPHABET.charAt(slot >> 5), ALPHABET.charAt(slot & 31)});
    }

    /** The day slot 0..1023 a two-character stamp stands for, or -1 if it is not one. */
    public static int decode(String stamp) {
        if (stamp == null || stamp.length() != 2) {
            return -1;
        }
        int hi = ALPHABET.indexOf(upper(stamp.charAt(0)));
        int lo = ALPHABET.indexOf(upper(stamp.charAt(1)));
        return hi < 0 || lo < 0 ? -1 : hi << 5 | lo;
    }

    /** ASCII only, like C toupper: Character.toUpperCase would turn a dotless i into I. */
    private static char upper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
    }

    /** Age in days (0..1023) of a valid stamp at {@code now}. */
    public static int ageDays(String stamp, Instant now) {
        int then = decode(stamp);
        if (then < 0) {
            throw new IllegalArgumentException("not an SRS timestamp: " + stamp);
        }
        return Math.floorMod(slot(now) - then, SLOTS);
    }

    private static int slot(Instant now) {
        return (int) Math.floorMod(Math.floorDiv(now.getEpochSecond(), SECONDS_PER_DAY), (long) SLOTS);
    }
}
