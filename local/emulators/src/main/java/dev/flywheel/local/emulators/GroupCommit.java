package dev.flywheel.local.emulators;

import org.h2.mvstore.MVStore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Commits an MVStore on a thread of its own and only then runs what waits for the commit (an acknowledgement), so
 * that nothing is acknowledged before it is in the file, while every change made in the meantime, from any queue,
 * shares the one commit. A commit per change, as H2's SQL layer with {@code WRITE_DELAY=0} does it, costs a chunk
 * written per message event on a single thread: under a spike that thread was the platform's bottleneck.
 */
final class GroupCommit implements AutoCloseable {
    /** A power cut (not a killed process) can lose what the operating system had not written within this. */
    private static final long SYNC_EVERY_MILLIS = 1000;
    /**
     * How long the store keeps a chunk it no longer needs before its space may be written again (MVStore's default
     * is 45 s, for file systems that may hold writes back that long). Every commit rewrites the store's chunk list, so
     * at a spike's hundreds of commits a second 45 s of dead chunks made each commit write tens of kilobytes and
     * the file grow by 150 MB a run. Five sync intervals: a chunk is reused only long after the commit that retired
     * it was forced to the disk.
     */
    static final int RETENTION_MILLIS = 5 * (int) SYNC_EVERY_MILLIS;
    private static final Runnable STOP = () -> {};

    private final MVStore store;
    private final LinkedBlockingQueue<Runnable> waiting = new LinkedBlockingQueue<>();
    private final Thread thread;

    GroupCommit(MVStore store) {
        this.store = store;
        // never interrupted: an interrupted FileChannel closes mid-write, and MVStore cannot recover from that
        this.thread = new Thread(this::run, "sqs-commit");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code acknowledge} once everything written so far is committed. */
    void afterCommit(Runnable acknowledge) {
        waiting.add(acknowledge);
    }

    private void run() {
        List<Runnable> batch = new ArrayList<>();
        long lastSync = System.currentTimeMillis();
        boolean stopping = false;
        while (!stopping) {
            try {
                Runnable first = waiting.poll(SYNC_EVERY_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) batch.add(first);
            } catch (InterruptedException e) {
                stopping = true; // not expected (see the constructor): commit what is there and stop
            }
            waiting.drainTo(batch);
            stopping |= batch.remove(STOP);
            if (store.hasUnsavedChanges()) store.commit();
            long now = System.currentTimeMillis();
            if (now - lastSync >= SYNC_EVERY_MILLIS || stopping) {
                store.sync();
                lastSync = now;
            }
            for (Runnable acknowledge : batch) acknowledge.run();
            batch.clear();
        }
    }

    /** Commits what is left and stops; the store stays open. */
    @Override
    public void close() {
        waiting.add(STOP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
