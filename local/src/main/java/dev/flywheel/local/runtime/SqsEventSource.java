package dev.flywheel.local.runtime;

import dev.flywheel.topology.TriggerSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SQS event-source mapping, as Lambda runs one: pollers long-poll the queue, gather a batch (batch size,
 * batching window, the 6 MB payload cut), invoke the function with the SQS event, read the partial batch
 * response by Lambda's rules and delete what succeeded. What failed stays in the queue and comes back after
 * its visibility timeout; SQS moves it to the DLQ after maxReceiveCount receives.
 *
 * <p>This first form runs a fixed number of pollers (the trigger's maximum concurrency, capped by the
 * platform); scaling with the backlog comes with the full runtime.
 */
public final class SqsEventSource implements AutoCloseable {
    static final long MAX_BATCH_BYTES = 6L * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(SqsEventSource.class);

    private final TriggerSpec trigger;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final SqsClient sqs;
    private final FunctionPool pool;
    private final Duration longPoll;
    private final List<Thread> pollers = new ArrayList<>();
    private final CountDownLatch stopped;
    private final AtomicLong messages = new AtomicLong();
    private final java.util.function.BooleanSupplier deliverTwice;
    private volatile boolean running = true;

    public SqsEventSource(TriggerSpec trigger, String queueUrl, String queueArn, String region, SqsClient sqs, FunctionPool pool,
                          int pollers, Duration longPoll, java.util.function.BooleanSupplier deliverTwice) {
        this.deliverTwice = deliverTwice;
        this.trigger = trigger;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.sqs = sqs;
        this.pool = pool;
        this.longPoll = longPoll;
        this.stopped = new CountDownLatch(pollers);
        for (int i = 0; i < pollers; i++) {
            Thread t = new Thread(this::poll, "esm-" + trigger.queue() + "-" + i);
            t.setDaemon(true);
            this.pollers.add(t);
        }
    }

    public SqsEventSource start() {
        pollers.forEach(Thread::start);
        return this;
    }

    public TriggerSpec trigger() { return trigger; }

    /** Messages handed to the function so far (a message delivered twice counts twice). */
    public long messages() { return messages.get(); }

    private void poll() {
        try {
            while (running) {
                try {
                    List<Message> batch = gather();
                    if (!batch.isEmpty()) deliver(batch);
                } catch (SdkException e) {
                    if (running) {
                        log.warn("polling {} failed: {}", trigger.queue(), e.toString());
                        sleep(Duration.ofSeconds(1));
                    }
                }
            }
        } finally {
            stopped.countDown();
        }
    }

    /** Receives up to the batch size, waiting up to the batching window for more, and never over 6 MB. */
    private List<Message> gather() {
        List<Message> batch = new ArrayList<>();
        long bytes = 0;
        long windowEnds = System.currentTimeMillis() + trigger.batchingWindowSeconds() * 1000L;
        while (running && batch.size() < trigger.batchSize()) {
            long left = windowEnds - System.currentTimeMillis();
            int wait = batch.isEmpty() ? (int) longPoll.toSeconds() : (int) Math.max(0, Math.min(20, left / 1000));
            int max = Math.min(10, trigger.batchSize() - batch.size());
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(max).waitTimeSeconds(wait)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
            for (Message m : received) {
                long size = m.body().getBytes(StandardCharsets.UTF_8).length;
                if (!batch.isEmpty() && bytes + size > MAX_BATCH_BYTES) {
                    // over the 6 MB cut: give it back at once for the next batch
                    sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
                    continue;
                }
                batch.add(m);
                bytes += size;
            }
            if (received.isEmpty() && !batch.isEmpty() && left <= 0) break;
            if (trigger.batchingWindowSeconds() == 0 && !batch.isEmpty()) break;
            if (System.currentTimeMillis() >= windowEnds && !batch.isEmpty()) break;
        }
        return batch;
    }

    private void deliver(List<Message> batch) {
        Set<String> failed = invoke(batch);
        if (deliverTwice.getAsBoolean()) {
            // fault injection: at-least-once made concrete, every message handled a second time before it is deleted
            Set<String> again = invoke(batch);
            if (!again.isEmpty()) failed = union(failed, again);
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

    private Set<String> invoke(List<Message> batch) {
        messages.addAndGet(batch.size());
        List<String> ids = batch.stream().map(Message::messageId).toList();
        try {
            byte[] response = pool.invoke(SqsEvents.event(batch, queueArn, region));
            return BatchResponses.failed(ids, response);
        } catch (ExecutionEnvironment.FunctionError e) {
            log.warn("{} failed on a batch of {} from {}: {}", trigger.function(), batch.size(), trigger.queue(), e.getMessage());
            return Set.copyOf(ids);
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.LinkedHashSet<>(a);
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
        try {
            if (!stopped.await(longPoll.toSeconds() + pool.function().timeoutSeconds() + 5L, TimeUnit.SECONDS))
                log.warn("{} pollers did not stop in time", trigger.queue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
