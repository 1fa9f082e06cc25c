package dev.flywheel.local.runtime;

import dev.flywheel.topology.TriggerSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * An SQS event-source mapping, as Lambda runs one. Each batch slot is a poller: it long-polls the queue, gathers a
 * batch (batch size, batching window, the 6 MB payload cut), invokes the function with the SQS event, reads the
 * partial batch response by Lambda's rules and deletes what succeeded. What failed stays in the queue and comes
 * back after its visibility timeout; SQS moves it to the DLQ after maxReceiveCount receives.
 *
 * <p>The number of slots follows {@link ScalingRule} once a second ({@link #scale}), within the machine-wide
 * budget shared by every mapping; a slot above the target retires after its batch.
 */
public final class SqsEventSource implements AutoCloseable {
    static final long MAX_BATCH_BYTES = 6L * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(SqsEventSource.class);
    /** How often a poller looks for more messages in the last second of a batching window (SQS waits in whole seconds). */
    private static final long WINDOW_POLL_MILLIS = 100;

    private final TriggerSpec trigger;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final SqsClient sqs;
    private final FunctionPool pool;
    private final ScalingRule rule;
    private final Semaphore machineBudget;
    private final Duration longPoll;
    private final BooleanSupplier deliverTwice;
    private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger pollers = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger peakPollers = new AtomicInteger();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong deliveredTwice = new AtomicLong();
    private final AtomicLong oldestReceivedSentAt = new AtomicLong();
    /** When a receive last returned a message (System.nanoTime), or when the mapping started. */
    private volatile long lastReceiptNanos = System.nanoTime();
    private volatile int target;
    private volatile long lastScaleNanos = System.nanoTime();
    private volatile boolean running = true;

    public SqsEventSource(TriggerSpec trigger, String queueUrl, String queueArn, String region, SqsClient sqs, FunctionPool pool,
                          ScalingRule rule, Semaphore machineBudget, Duration longPoll, BooleanSupplier deliverTwice) {
        this.trigger = trigger;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.sqs = sqs;
        this.pool = pool;
        this.rule = rule;
        this.machineBudget = machineBudget;
        this.longPoll = longPoll;
        this.deliverTwice = deliverTwice;
    }

    /**
     * Starts the pollers that always listen: one in standard mode, the minimum pollers' worth in provisioned mode
     * (each holds a slot of the machine budget for as long as it runs; beyond the first, as many as the budget has).
     */
    public SqsEventSource start() {
        if (!machineBudget.tryAcquire()) throw new IllegalStateException("the machine-wide concurrency limit is lower than the number of event sources");
        target = rule.floor();
        addPoller();
        while (pollers.get() < rule.floor() && machineBudget.tryAcquire()) addPoller();
        return this;
    }

    /** How this mapping scales (standard or provisioned), as the topology says. */
    public String mode() { return trigger.scaling().describe(); }

    public TriggerSpec trigger() { return trigger; }

    /** Messages handed to the function so far (a message delivered twice counts twice). */
    public long messages() { return messages.get(); }

    /** Messages the duplicate-delivery fault handed to the function a second time so far. */
    public long deliveredTwice() { return deliveredTwice.get(); }

    /** Concurrent batch slots now, and the most there have been. */
    public int pollers() { return pollers.get(); }

    public int peakPollers() { return peakPollers.get(); }

    /** Sent time of the oldest message in the latest batch: how far behind the mapping is (0 before any). */
    public long oldestReceivedSentAt() { return oldestReceivedSentAt.get(); }

    /**
     * True when no poller has received a message for {@code quiet} and none is handling a batch. A quiet mapping's
     * pollers all wait in a long poll, which takes a message as soon as it is visible: its queue has none visible.
     */
    public boolean quietFor(Duration quiet) {
        return busy.get() == 0 && System.nanoTime() - lastReceiptNanos > quiet.toNanos();
    }

    /** Applies the scaling rule to the queue's backlog: called once a second by the platform. */
    public void scale(long visibleMessages) {
        long now = System.nanoTime();
        double seconds = (now - lastScaleNanos) / 1e9;
        lastScaleNanos = now;
        int current = pollers.get();
        target = rule.next(current, busy.get(), visibleMessages, seconds);
        while (running && pollers.get() < target && machineBudget.tryAcquire()) addPoller();
    }

    private void addPoller() {
        int n = pollers.incrementAndGet();
        peakPollers.accumulateAndGet(n, Math::max);
        // a poller runs at its function's priority, and so do the environments it starts (their Runtime API, log pumps)
        Thread t = Priority.threads("esm-" + trigger.queue() + "-" + n, pool.niceness()).newThread(this::poll);
        threads.add(t);
        t.start();
    }

    private void poll() {
        // messages received but cut from the last batch by the 6 MB limit: they open the next batch of this slot
        Deque<Message> carried = new ArrayDeque<>();
        try {
            while (running) {
                int n = pollers.get();
                if (n > target && n > 1 && carried.isEmpty()) {
                    if (pollers.compareAndSet(n, n - 1)) return; // scale in: this slot retires
                    continue;
                }
                try {
                    List<Message> batch = gather(carried);
                    if (!batch.isEmpty()) {
                        busy.incrementAndGet();
                        try {
                            deliver(batch);
                        } finally {
                            busy.decrementAndGet();
                        }
                    }
                } catch (SdkException e) {
                    if (running) {
                        log.warn("polling {} failed: {}", trigger.queue(), e.toString());
                        sleep(Duration.ofSeconds(1));
                    }
                }
            }
            pollers.decrementAndGet();
        } finally {
            if (!carried.isEmpty()) giveBack(carried); // shutting down: what this slot still holds goes back once
            machineBudget.release();
            threads.remove(Thread.currentThread());
        }
    }

    /**
     * Receives up to the batch size, waiting up to the batching window for more, and cuts the batch as soon as the
     * next message would take its event over 6 MB, as Lambda does: that message and the rest of its receive are
     * kept in {@code carried} and open this slot's next batch, so they reach the function without being received
     * again (a message handed back to the queue would count a receive toward its DLQ without being delivered).
     */
    private List<Message> gather(Deque<Message> carried) {
        List<Message> batch = new ArrayList<>();
        long bytes = 0;
        while (!carried.isEmpty() && batch.size() < trigger.batchSize()) {
            long size = recordBytes(carried.peekFirst());
            if (!batch.isEmpty() && bytes + size > MAX_BATCH_BYTES) return stamped(batch); // full: invoke now
            batch.add(carried.pollFirst());
            bytes += size;
        }
        if (!carried.isEmpty()) return stamped(batch); // full by count
        long windowMillis = trigger.batchingWindowSeconds() * 1000L;
        // the window counts from the batch's first message: after an idle long poll, a batch still gathers for the window
        long windowEnds = batch.isEmpty() ? Long.MAX_VALUE : System.currentTimeMillis() + windowMillis;
        while (running && batch.size() < trigger.batchSize()) {
            long left = windowEnds - System.currentTimeMillis();
            int wait = batch.isEmpty() ? (int) longPoll.toSeconds() : (int) Math.min(20, left / 1000);
            int max = Math.min(10, trigger.batchSize() - batch.size());
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(max).waitTimeSeconds(wait)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
            if (!received.isEmpty()) lastReceiptNanos = System.nanoTime();
            for (int i = 0; i < received.size(); i++) {
                long size = recordBytes(received.get(i));
                if (!batch.isEmpty() && bytes + size > MAX_BATCH_BYTES) {
                    carried.addAll(received.subList(i, received.size()));
                    return stamped(batch); // the 6 MB cut: invoke now, not when the window ends
                }
                batch.add(received.get(i));
                bytes += size;
            }
            if (batch.isEmpty()) break; // an empty long poll: back to the loop, which may retire this slot
            if (windowEnds == Long.MAX_VALUE) windowEnds = System.currentTimeMillis() + windowMillis;
            left = windowEnds - System.currentTimeMillis();
            if (left <= 0) break;
            // SQS waits in whole seconds: with less than one left, look again shortly rather than in a busy loop
            if (received.isEmpty()) sleep(Duration.ofMillis(Math.min(left, WINDOW_POLL_MILLIS)));
        }
        return stamped(batch);
    }

    /** A message's share of the invocation event: its record as the event carries it. */
    private long recordBytes(Message m) {
        return SqsEvents.event(List.of(m), queueArn, region).length;
    }

    private List<Message> stamped(List<Message> batch) {
        batch.stream().map(m -> m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP)).filter(java.util.Objects::nonNull)
                .mapToLong(Long::parseLong).min().ifPresent(oldestReceivedSentAt::set);
        return batch;
    }

    private void giveBack(Deque<Message> messages) {
        List<Message> list = new ArrayList<>(messages);
        messages.clear();
        try {
            for (int from = 0; from < list.size(); from += 10) {
                List<ChangeMessageVisibilityBatchRequestEntry> chunk = new ArrayList<>();
                for (int i = from; i < Math.min(list.size(), from + 10); i++) {
                    chunk.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(list.get(i).receiptHandle()).visibilityTimeout(0).build());
                }
                sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(chunk));
            }
        } catch (SdkException e) {
            log.warn("could not give {} carried messages back to {} (they return after their visibility timeout): {}", list.size(), trigger.queue(), e.toString());
        }
    }

    private void deliver(List<Message> batch) {
        Set<String> failed = invoke(batch);
        if (deliverTwice.getAsBoolean()) {
            // fault injection: at-least-once made concrete, every message handled a second time before it is deleted
            deliveredTwice.addAndGet(batch.size());
            failed = union(failed, invoke(batch));
        }
        List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Message m = batch.get(i);
            if (!failed.contains(m.messageId())) {
                deletes.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(m.receiptHandle()).build());
            }
        }
        for (int from = 0; from < deletes.size(); from += 10) {
            List<DeleteMessageBatchRequestEntry> chunk = deletes.subList(from, Math.min(deletes.size(), from + 10));
            var response = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(chunk));
            response.failed().forEach(f -> log.warn("could not delete a message from {}: {}", trigger.queue(), f.message()));
        }
    }

    /** @return the ids to leave in the queue: per the partial batch response, or all of them when the invocation failed */
    private Set<String> invoke(List<Message> batch) {
        messages.addAndGet(batch.size());
        List<String> ids = batch.stream().map(Message::messageId).toList();
        byte[] event = SqsEvents.event(batch, queueArn, region);
        InvocationResult result = pool.invoke(event);
        // throttled: Lambda keeps the batch and retries it (backing off) rather than count it as a failed receive
        for (int attempt = 1; result.status() == InvocationResult.Status.THROTTLED && running && attempt <= 20; attempt++) {
            sleep(Duration.ofMillis(Math.min(2_000, 100L * attempt)));
            result = pool.invoke(event);
        }
        if (result.succeeded()) return BatchResponses.failed(ids, result.payload());
        log.warn("{} failed on a batch of {} from {} ({}); the batch returns after the visibility timeout", trigger.function(),
                batch.size(), trigger.queue(), result.message());
        return Set.copyOf(ids);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops polling and waits for in-flight batches to finish (a drain, not an abort). */
    @Override
    public void close() {
        running = false;
        long deadline = System.currentTimeMillis() + (longPoll.toSeconds() + pool.function().timeoutSeconds() + 5L) * 1000;
        for (Thread t : List.copyOf(threads)) {
            try {
                t.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) log.warn("{} did not stop in time", t.getName());
        }
    }
}
