package dev.flywheel.kit.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.flywheel.kit.observability.Observability;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SqsBatchProcessorTest {
    private final List<String> visibilityChanges = new ArrayList<>();
    private final List<Outgoing> sent = new ArrayList<>();
    private final VisibilityControl visibility = (arn, handle, delay) -> visibilityChanges.add(handle + "=" + delay.toSeconds());

    private SqsBatchProcessor processor(MessageSender sender) {
        return new SqsBatchProcessor("test", sender, visibility, Clock.systemUTC());
    }

    private final MessageSender recording = messages -> { sent.addAll(messages); return List.of(); };

    private static List<String> failures(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @Test
    void poisonFailsAloneAndIsMadeVisibleAtOnceSoItReachesTheDlqFast() {
        SQSEvent event = EventLoader.loadSQSEvent("inventory/sqs-poison-and-good.json");
        List<String> handled = new ArrayList<>();

        SQSBatchResponse response = processor(recording).process(event, (m, ctx) -> handled.add(m.type()));

        assertEquals(List.of("msg-inventory-commands-1"), failures(response));
        assertEquals(List.of("ReserveStock"), handled);
        assertEquals(List.of("handle-inventory-commands-1=0"), visibilityChanges);
    }

    @Test
    void fifoStopsAtTheFirstFailureAndReportsEverythingAfterIt() {
        SQSEvent event = EventLoader.loadSQSEvent("kit/sqs-fifo-batch.json");
        List<String> handled = new ArrayList<>();

        SQSBatchResponse response = processor(recording).process(event, (m, ctx) -> handled.add(m.id()));

        assertEquals(List.of("msg-steps.fifo-2", "msg-steps.fifo-3", "msg-steps.fifo-4"), failures(response));
        assertEquals(1, handled.size(), "nothing after the failure runs");
    }

    @Test
    void aStandardQueueKeepsGoingAfterAFailure() {
        SQSEvent event = EventLoader.loadSQSEvent("orders/sqs-ten-orders-placed.json");
        SQSBatchResponse response = processor(recording).process(event, (m, ctx) -> {
            if (m.correlationId().equals("corr-3")) throw new IllegalStateException("boom");
        });
        assertEquals(List.of("msg-orders-intake-4"), failures(response));
    }

    @Test
    void retryLaterSetsTheVisibilityToTheRequestedDelay() {
        SQSEvent event = EventLoader.loadSQSEvent("payments/sqs-capture-payment.json");
        SQSBatchResponse response = processor(recording).process(event, (m, ctx) -> {
            throw new RetryLaterException("provider down", Duration.ofSeconds(7), null);
        });
        assertEquals(List.of("msg-payments-commands-1"), failures(response));
        assertEquals(List.of("handle-payments-commands-1=7"), visibilityChanges);
    }

    @Test
    void publishedMessagesCarryCorrelationCausationAndTheHopsSoFar() {
        SQSEvent event = EventLoader.loadSQSEvent("orders/sqs-order-placed.json");
        processor(recording).process(event, (m, ctx) -> ctx.publish("q", "ReserveStock", m.data()));

        assertEquals(1, sent.size());
        var out = sent.get(0).envelope();
        assertEquals("corr-order-1", out.correlationId());
        assertEquals("01KAQ3Z5M8N2P4R6T8V0W2X4Z0", out.causationId());
        assertEquals(List.of("orders-api", "test"), out.hops().stream().map(h -> h.service()).toList());
    }

    @Test
    void aRecordWhoseMessagesCouldNotBeSentFails() {
        SQSEvent event = EventLoader.loadSQSEvent("orders/sqs-ten-orders-placed.json");
        MessageSender losesCorr5 = messages -> messages.stream().filter(o -> o.envelope().correlationId().equals("corr-5")).toList();

        SQSBatchResponse response = processor(losesCorr5).process(event, (m, ctx) -> ctx.publish("q", "ReserveStock", m.data()));

        assertEquals(List.of("msg-orders-intake-6"), failures(response));
    }

    @Test
    void anInvocationWithoutRecordsIsAnErrorNotAnEmptySuccess() {
        SQSEvent empty = new SQSEvent();
        assertThrows(IllegalStateException.class, () -> processor(recording).process(empty, (m, ctx) -> {}));
        empty.setRecords(List.of());
        assertThrows(IllegalStateException.class, () -> processor(recording).process(empty, (m, ctx) -> {}));
    }

    @Test
    void backoffDoublesUpToTheCap() {
        assertEquals(Duration.ofSeconds(1), dev.flywheel.kit.retry.Backoff.exponential(Duration.ofSeconds(1), 1, Duration.ofSeconds(30)));
        assertEquals(Duration.ofSeconds(8), dev.flywheel.kit.retry.Backoff.exponential(Duration.ofSeconds(1), 4, Duration.ofSeconds(30)));
        assertEquals(Duration.ofSeconds(30), dev.flywheel.kit.retry.Backoff.exponential(Duration.ofSeconds(1), 9, Duration.ofSeconds(30)));
    }

    @Test
    void aPreparationSeesTheDecodableMessagesFirstAndOneThatFailsLeavesEachToItsHandler() {
        SQSEvent event = EventLoader.loadSQSEvent("inventory/sqs-poison-and-good.json");
        List<String> order = new ArrayList<>();

        SQSBatchResponse response = processor(recording).process(event, messages -> {
            messages.forEach(m -> order.add("prepared " + m.type()));
            throw new IllegalStateException("the shared write failed");
        }, (m, ctx) -> order.add("handled " + m.type()));

        assertEquals(List.of("prepared ReserveStock", "handled ReserveStock"), order, "the poison message is not shown to the preparation");
        assertEquals(List.of("msg-inventory-commands-1"), failures(response), "only the poison message fails");
    }

    @Test
    void aFifoBatchIsNotPrepared() {
        SQSEvent event = EventLoader.loadSQSEvent("kit/sqs-fifo-batch.json");
        List<String> prepared = new ArrayList<>();
        processor(recording).process(event, messages -> prepared.add("called"), (m, ctx) -> { });
        assertEquals(List.of(), prepared);
    }

    @Test
    void handlingConcurrentlyRunsABatchsMessagesAtOnceAndReportsThemInTheBatchsOrder() {
        SQSEvent event = EventLoader.loadSQSEvent("orders/sqs-ten-orders-placed.json");
        // each message waits until all ten are being handled: one after another, the first would wait alone and fail
        CyclicBarrier allTen = new CyclicBarrier(10);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        SQSBatchResponse response = processor(recording).handlingConcurrently(10).process(event, (m, ctx) -> {
            threads.add(Thread.currentThread().getName());
            try {
                allTen.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("not all ten messages were handled at once", e);
            }
            if (m.correlationId().equals("corr-3")) throw new IllegalStateException("boom");
            ctx.publish("q", "ReserveStock", m.data());
        });

        assertEquals(10, threads.size(), "ten threads: " + threads);
        assertEquals(List.of("msg-orders-intake-4"), failures(response), "a failure still fails its message alone");
        assertEquals(List.of("corr-0", "corr-1", "corr-2", "corr-4", "corr-5", "corr-6", "corr-7", "corr-8", "corr-9"),
                sent.stream().map(o -> o.envelope().correlationId()).toList(), "what the others published is sent, in the batch's order");
    }

    @Test
    void handlingConcurrentlyCarriesTheInvocationsLogContextAndPutsEachThreadsOwnBack() {
        SQSEvent event = EventLoader.loadSQSEvent("orders/sqs-ten-orders-placed.json");
        Map<String, String> seen = new ConcurrentHashMap<>();
        MDC.put("function_request_id", "req-42");
        try {
            processor(recording).handlingConcurrently(3).process(event, (m, ctx) ->
                    seen.put(m.correlationId(), MDC.get("function_request_id") + " " + MDC.get(Observability.CORRELATION_ID)));
        } finally {
            MDC.remove("function_request_id");
        }
        assertEquals(10, seen.size());
        seen.forEach((correlation, context) -> assertEquals("req-42 " + correlation, context, "the Lambda context and the message's correlation id"));
    }

    @Test
    void aFifoBatchIsHandledInOrderOnTheInvokingThreadEvenWhenConcurrencyIsAllowed() {
        SQSEvent event = EventLoader.loadSQSEvent("kit/sqs-fifo-batch.json");
        List<String> threads = new ArrayList<>();
        SQSBatchResponse response = processor(recording).handlingConcurrently(4).process(event, (m, ctx) -> threads.add(Thread.currentThread().getName()));
        assertEquals(List.of("msg-steps.fifo-2", "msg-steps.fifo-3", "msg-steps.fifo-4"), failures(response), "it still stops at the first failure");
        assertEquals(List.of(Thread.currentThread().getName()), threads);
    }
}
