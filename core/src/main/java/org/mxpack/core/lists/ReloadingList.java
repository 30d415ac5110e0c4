package org.mxpack.core.lists;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A list made of inline rules plus list files, read again when a file changes, without a restart.
 * At most every {@link #CHECK_EVERY_MILLIS} a use of the list looks at the files' modification times
 * (a few stat calls); when one changed, the files are read again. A file that no longer parses, or
 * cannot be read, keeps the previous list and logs one line naming it (with FILE:LINE for a bad rule):
 * a mistake while James runs never empties a list.
 *
 * @param <L> the list type ({@link HostList}, {@link SenderList})
 */
public final class ReloadingList<L> {
    /** How stale a list may be after its file changed. */
    public static final long CHECK_EVERY_MILLIS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingList.class);

    /** Reads one list file; IOException or IllegalArgumentException (naming FILE:LINE) when it cannot. */
    public interface Reader<L> {
        L read(Path file) throws IOException;
    }

    private final L inline;
    private final List<Path> files;
    private final Reader<L> reader;
    private final BinaryOperator<L> plus;
    private volatile L current;
    private volatile List<FileTime> seen;
    private volatile long nextCheck;

    /** Reads the files now; a failure here is the caller's to report (it stops James's start). */
    public ReloadingList(L inline, List<Path> files, Reader<L> reader, BinaryOperator<L> plus) throws IOException {
        this.inline = Objects.requireNonNull(inline);
        this.files = List.copyOf(files);
        this.reader = reader;
        this.plus = plus;
        this.seen = times();
        this.current = readAll();
        this.nextCheck = System.currentTimeMillis() + CHECK_EVERY_MILLIS;
    }

    /** The list as of its files' last readable state. */
    public L get() {
        if (!files.isEmpty() && System.currentTimeMillis() >= nextCheck) {
            reloadIfChanged();
        }
        return current;
    }

    private synchronized void reloadIfChanged() {
        long now = System.currentTimeMillis();
        if (now < nextCheck) {
            return; // another thread just did it
        }
        nextCheck = now + CHECK_EVERY_MILLIS;
        List<FileTime> times;
        try {
            times = times();
        } catch (IOException e) {
            LOG.warn("mxpack: list file unreadable, keeping the previous list: {}", e.toString());
            return;
        }
        if (times.equals(seen)) {
            return;
        }
        seen = times;
        try {
            current = readAll();
            LOG.info("mxpack: list reloaded from {}", files);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("mxpack: list file not reloaded, keeping the previous list: {}", e.getMessage());
        }
    }

    private L readAll() throws IOException {
        L all = inline;
        for (Path f : files) {
            all = plus.apply(all, reader.read(f));
        }
        return all;
    }

    private List<FileTime> times() throws IOException {
        List<FileTime> out = new ArrayList<>();
        for (Path f : files) {
            out.add(Files.getLastModifiedTime(f));
        }
        return out;
    }
}
