package dev.flywheel.kit.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.flywheel.kit.envelope.Envelope;
import dev.flywheel.kit.json.Json;
import dev.flywheel.kit.observability.Observability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SQS batch loop of every worker: decode each record into an {@link Envelope}, run the handler, send what
 * it published, and report failures per message as an {@link SQSBatchResponse} (the trigger has
 * ReportBatchItemFailures on). The rules, as AWS applies them to the response:
 * <ul>
 *   <li>a record that cannot be decoded is poison: logged with its reason, failed, and made visible again at
 *       once, so that it reaches the DLQ after maxReceiveCount receives instead of waiting out each timeout;</li>
 *   <li>FIFO queues: stop at the first failure and report it and every record after it (order within a
 *       message group must hold);</li>
 *   <li>an invocation without records is an error, never an empty success: with Spring Cloud Function 5.0.1
 *       a missing AWS message converter silently binds {@code Records} to null, and an empty response
 *       would acknowledge, that is delete, every message of the batch.</li>
 * </ul>
 */
public final class SqsBatchProcessor {
    private static final Logger log = LoggerFactory.getLogger(SqsBatchProcessor.class);

    private final String service;
    private final MessageSender sender;
    private final VisibilityControl visibility;
    private final Clock clock;

    /** Where a standard queue's messages are handled at once; null: one after another. */
    private final ExecutorService concurrently;

    public SqsBatchProcessor(String service, MessageSender sender, VisibilityControl visibility, Clock clock) {
        this(service, sender, visibility, clock, null);
    }

    private SqsBatchProcessor(String service, MessageSender sender, VisibilityControl visibility, Clock clock, ExecutorService concurrently) {
        this.service = service;
        this.sender = sender;
        this.visibility = visibility;
        this.clock = clock;
        this.concurrently = concurrently;
    }

    /**
     * The same loop, handling up to {@code threads} messages of a standard queue's batch at once: for a handler that
     * mostly waits on the network (payments' provider call), the invocation then lasts about as long as its slowest
     * message instead of the sum of them all, and Lambda bills that. FIFO batches are still handled in order. The
     * handler must be safe to call from several threads; each call gets the invocation's log context.
     */
    public SqsBatchProcessor handlingConcurrently(int threads) {
        if (threads < 2) throw new IllegalArgumentException("threads must be 2 or more, was " + threads);
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, work -> {
            Thread t = new Thread(work, service + "-message-" + n.incrementAndGet());
            t.setDaemon(true); // never keeps a stopping runtime alive
            return t;
        });
        return new SqsBatchProcessor(service, sender, visibility, clock, pool);
    }

    public SQSBatchResponse process(SQSEvent event, MessageHandler handler) {
        return process(event, BatchPreparation.NONE, handler);
    }

    /** As {@link #process(SQSEvent, MessageHandler)}, after showing the batch's decodable messages to {@code preparation}. */
    public SQSBatchResponse process(SQSEvent event, BatchPreparation preparation, MessageHandler handler) {
        List<SQSMessage> records = event == null ? null : event.getRecords();
        if (records == null || records.isEmpty()) {
            throw new IllegalStateException("SQS invocation without records: refusing to acknowledge the batch "
                    + "(is the AWS message converter registered? see docs/design.md §6)");
        }
        boolean fifo = isFifo(records.get(0));
        Instant receivedAt = clock.instant(); // every message's hop starts when the invocation got the batch
        List<Decoded> decoded = records.stream().map(SqsBatchProcessor::tryDecode).toList();
        if (!fifo) prepare(preparation, decoded);
        List<Handled> handled = fifo || concurrently == null || records.size() == 1
                ? handleInTurn(records, decoded, receivedAt, handler, fifo)
                : handleAtOnce(records, decoded, receivedAt, handler);
        Set<String> failed = new LinkedHashSet<>();
        Map<String, List<Outgoing>> published = new LinkedHashMap<>();
        int poison = 0;
        for (int i = 0; i < records.size(); i++) {
            Handled h = handled.get(i);
            if (h.outcome() == Outcome.OK) published.put(records.get(i).getMessageId(), h.published());
            else failed.add(records.get(i).getMessageId());
            if (h.outcome() == Outcome.POISON) poison++;
        }
        sendPublished(records, published, failed, fifo);
        Observability.count("MessagesProcessed", records.size() - failed.size());
        Observability.count("MessagesFailed", failed.size());
        if (poison > 0) Observability.count("PoisonMessages", poison);
        return new SQSBatchResponse(failed.stream().map(BatchItemFailure::new).toList());
    }

    private enum Outcome { OK, FAILED, POISON }

    /** What handling one record came to, and the messages it published (sent only if it is OK). */
    private record Handled(Outcome outcome, List<Outgoing> published) {
        static final Handled NOT_HANDLED = new Handled(Outcome.FAILED, List.of());
    }

    /** One record after another; on a FIFO queue, a failure fails every record after it unhandled (order must hold). */
    private List<Handled> handleInTurn(List<SQSMessage> records, List<Decoded> decoded, Instant receivedAt, MessageHandler handler, boolean fifo) {
        List<Handled> handled = new ArrayList<>(records.size());
        boolean stopped = false;
        for (int i = 0; i < records.size(); i++) {
            Handled h = stopped ? Handled.NOT_HANDLED : processOne(records.get(i), decoded.get(i), receivedAt, handler);
            stopped = fifo && h.outcome() != Outcome.OK;
            handled.add(h);
        }
        return handled;
    }

    private List<Handled> handleAtOnce(List<SQSMessage> records, List<Decoded> decoded, Instant receivedAt, MessageHandler handler) {
        List<CompletableFuture<Handled>> running = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            SQSMessage record = records.get(i);
            Decoded d = decoded.get(i);
            running.add(CompletableFuture.supplyAsync(Observability.carried(() -> processOne(record, d, receivedAt, handler)), concurrently));
        }
        List<Handled> handled = new ArrayList<>(records.size());
        for (CompletableFuture<Handled> r : running) {
            try {
                handled.add(r.join());
            } catch (CompletionException e) { // processOne catches every Exception: this is an Error, the invocation's end
                if (e.getCause() instanceof Error error) throw error;
                throw e;
            }
        }
        return handled;
    }

    /** A record's envelope, or why it has none. */
    private record Decoded(Envelope envelope, PoisonMessageException poison) {}

    private static Decoded tryDecode(SQSMessage record) {
        try {
            return new Decoded(decode(record), null);
        } catch (PoisonMessageException e) {
            return new Decoded(null, e);
        }
    }

    private static void prepare(BatchPreparation preparation, List<Decoded> decoded) {
        List<Envelope> messages = decoded.stream().map(Decoded::envelope).filter(Objects::nonNull).toList();
        if (messages.isEmpty()) return;
        try {
            preparation.prepare(messages);
        } catch (RuntimeException e) {
            // an optimization that failed: each message's handler does the work on its own
            log.warn("preparing a batch of {} failed; its messages are handled one by one: {}", messages.size(), e.toString());
        }
    }

    private Handled processOne(SQSMessage record, Decoded decoded, Instant receivedAt, MessageHandler handler) {
        if (decoded.poison() != null) return poisoned(record, decoded.poison(), null);
        Envelope message = decoded.envelope();
        try (var correlation = Observability.correlate(message.correlationId())) {
            MessageContext context = new MessageContext(service, message, receivedAt, receiveCount(record), clock);
            handler.handle(message, context);
            log.debug("handled {} {}", message.type(), message.id());
            return new Handled(Outcome.OK, context.outgoing());
        } catch (PoisonMessageException e) {
            return poisoned(record, e, message);
        } catch (RetryLaterException e) {
            log.warn("{} {} will be retried in {}: {}", message.type(), record.getMessageId(), e.delay(), e.getMessage());
            visibility.retryAfter(record.getEventSourceArn(), record.getReceiptHandle(), e.delay());
            return Handled.NOT_HANDLED;
        } catch (Exception e) {
            log.error("{} {} failed; it comes back after the visibility timeout", message.type(), record.getMessageId(), e);
            return Handled.NOT_HANDLED;
        }
    }

    private Handled poisoned(SQSMessage record, PoisonMessageException e, Envelope message) {
        try (var correlation = Observability.correlate(message == null ? null : message.correlationId())) {
            log.error("poison message {} from {} (receive {}): {}; it goes to the DLQ after maxReceiveCount receives",
                    record.getMessageId(), record.getEventSourceArn(), receiveCount(record), e.getMessage());
        }
        visibility.retryAfter(record.getEventSourceArn(), record.getReceiptHandle(), Duration.ZERO);
        return new Handled(Outcome.POISON, List.of());
    }

    /** Sends everything the successful records published; a record whose messages could not go out fails. */
    private void sendPublished(List<SQSMessage> records, Map<String, List<Outgoing>> published, Set<String> failed, boolean fifo) {
        List<Outgoing> all = published.values().stream().flatMap(List::stream).toList();
        if (all.isEmpty()) return;
        List<Outgoing> unsent = sender.send(all);
        if (unsent.isEmpty()) return;
        Set<Outgoing> unsentSet = Set.copyOf(unsent);
        boolean failFromHere = false;
        for (SQSMessage record : records) {
            List<Outgoing> mine = published.getOrDefault(record.getMessageId(), List.of());
            boolean lost = mine.stream().anyMatch(unsentSet::contains);
            if (lost) log.error("messages caused by {} could not be sent; it will be retried", record.getMessageId());
            if (lost || (fifo && failFromHere)) {
                failed.add(record.getMessageId());
                failFromHere = true;
            }
        }
    }

    static Envelope decode(SQSMessage record) {
        String body = record.getBody();
        if (body == null || body.isBlank()) throw new PoisonMessageException("empty body");
        Envelope envelope;
        try {
            envelope = Json.read(body, Envelope.class);
        } catch (Exception e) {
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new PoisonMessageException("not a Flywheel envelope: " + reason, e);
        }
        // a body of JSON null reads as no envelope at all: without this check it failed the whole batch (found by generation)
        if (envelope == null) throw new PoisonMessageException("not a Flywheel envelope: the body is JSON null");
        return envelope;
    }

    static boolean isFifo(SQSMessage record) {
        String arn = record.getEventSourceArn();
        return arn != null && arn.endsWith(".fifo");
    }

    static int receiveCount(SQSMessage record) {
        Map<String, String> attributes = record.getAttributes();
        String count = attributes == null ? null : attributes.get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
