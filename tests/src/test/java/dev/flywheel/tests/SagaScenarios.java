package dev.flywheel.tests;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.gateway.HttpApiEvents;
import dev.flywheel.local.payments.FakePaymentProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order saga end to end, through the public API and the queues, against whichever backend a subclass gives
 * (embedded emulators, or LocalStack). Each scenario uses SKUs and users of its own, so they share a platform.
 * Invariants checked (docs/design.md §1): every accepted order reaches a terminal state; stock is conserved; exactly
 * one capture per confirmed order and none for others; nothing in a DLQ unless it was poison.
 */
abstract class SagaScenarios {
    static final Duration SAGA_TIMEOUT = Duration.ofSeconds(60);

    abstract LocalPlatform platform();

    Shop shop() { return new Shop(platform()); }

    @AfterEach
    void providerBackToNormal() {
        platform().provider().mode(FakePaymentProvider.Mode.OK, Duration.ZERO);
        platform().duplicateDeliveries(false);
    }

    @Test
    void happyPathReachesConfirmedWithPriceFromTheCatalogAndATrace() {
        Shop shop = shop();
        String sku = Shop.unique("SKU"), user = Shop.unique("user");
        shop.product(sku, 1999, 10, 2);

        String orderId = shop.order(user, sku, 2, "tok_visa");
        JsonNode order = shop.awaitTerminal(user, orderId, SAGA_TIMEOUT);

        assertEquals("CONFIRMED", order.get("status").asText(), order.toString());
        assertEquals(3998, order.get("amount").get("amount").asLong(), "price × quantity from the catalog");
        assertEquals("EUR", order.get("amount").get("currency").asText());
        List<String> path = StreamSupport.stream(order.get("trace").get("hops").spliterator(), false).map(h -> h.get("service").asText()).toList();
        assertEquals(List.of("orders-api", "orders-worker", "inventory-worker", "payments-worker", "orders-worker"), path);
        order.get("trace").get("hops").forEach(h -> assertTrue(h.get("durationMs").asLong() >= 0));
        Set<String> traces = new HashSet<>();
        order.get("trace").get("hops").forEach(h -> traces.add(h.path("traceId").asText("")));
        assertEquals(5, traces.size(), "each hop names the trace of its own invocation: " + traces);
        traces.forEach(t -> assertTrue(t.matches("1-[0-9a-f]{8}-[0-9a-f]{24}"), "an X-Ray trace id: " + t));
        assertEquals(8, shop.available(sku));
        assertEquals(1, shop.capturesOf(orderId, "captured"));
        assertEquals("RESERVED", shop.reservation(orderId).get("status").s());
    }

    /** orders-api stores an order placed with an Idempotency-Key and asks inventory itself: orders-worker only ends it. */
    @Test
    void anOrderPlacedWithAKeyGoesFromTheApiStraightToInventory() {
        Shop shop = shop();
        String sku = Shop.unique("SKU"), user = Shop.unique("user");
        shop.product(sku, 1200, 10, 2);
        long intakeBefore = platform().messagesDelivered("orders-intake");

        HttpApiEvents.Response placed = shop.placeOrder(user, sku, 1, "tok_visa", Map.of("Idempotency-Key", Shop.unique("checkout")));
        assertEquals(202, placed.status(), placed.body());
        String orderId = placed.json().get("orderId").asText();
        JsonNode order = shop.awaitTerminal(user, orderId, SAGA_TIMEOUT);

        assertEquals("CONFIRMED", order.get("status").asText(), order.toString());
        List<String> path = StreamSupport.stream(order.get("trace").get("hops").spliterator(), false).map(h -> h.get("service").asText()).toList();
        assertEquals(List.of("orders-api", "inventory-worker", "payments-worker", "orders-worker"), path);
        assertEquals(intakeBefore, platform().messagesDelivered("orders-intake"), "nothing went through orders-intake");
        assertEquals(9, shop.available(sku));
        assertEquals(1, shop.capturesOf(orderId, "captured"));
    }

    @Test
    void notEnoughStockRejectsAndChangesNothing() {
        Shop shop = shop();
        String sku = Shop.unique("SKU"), user = Shop.unique("user");
        shop.product(sku, 500, 1, 1);

        String orderId = shop.order(user, sku, 2, "tok_visa");
        JsonNode order = shop.awaitTerminal(user, orderId, SAGA_TIMEOUT);

        assertEquals("REJECTED", order.get("status").asText());
        assertEquals("not enough stock", order.get("reason").asText());
        assertEquals(1, shop.stockInTable(sku));
        assertEquals(0, shop.capturesOf(orderId, "captured") + shop.capturesOf(orderId, "declined"), "the provider never saw it");
    }

    @Test
    void aDeclinedPaymentCancelsTheOrderAndReleasesTheStock() {
        Shop shop = shop();
        String sku = Shop.unique("SKU"), user = Shop.unique("user");
        shop.product(sku, 700, 5, 2);

        String orderId = shop.order(user, sku, 3, FakePaymentProvider.DECLINED_TOKEN);
        JsonNode order = shop.awaitTerminal(user, orderId, SAGA_TIMEOUT);

        assertEquals("CANCELLED", order.get("status").asText());
        assertEquals("card declined", order.get("reason").asText());
        assertEquals(2100, order.get("amount").get("amount").asLong(), "the cancelled order shows the amount that was not charged (3 × 700)");
        List<String> path = StreamSupport.stream(order.get("trace").get("hops").spliterator(), false).map(h -> h.get("service").asText()).toList();
        assertEquals(List.of("orders-api", "orders-worker", "inventory-worker", "payments-worker", "orders-worker"), path, "every hop, stock included");
        awaitTrue(() -> "RELEASED".equals(shop.reservation(orderId).get("status").s()), "reservation released");
        assertEquals(5, shop.stockInTable(sku), "the compensation gave the stock back");
        assertEquals(1, shop.capturesOf(orderId, "declined"));
        assertEquals(0, shop.capturesOf(orderId, "captured"));
    }

    /**
     * "My orders" over HTTP: 23 orders of one shopper read back in pages of 10 (10, 10, 3), newest first, through the
     * byUser index; the last page has no cursor; another shopper sees none of them; an admin naming her sees the same.
     */
    @Test
    void aShopperListsHerOrdersNewestFirstAPageAtATime() {
        Shop shop = shop();
        String sku = Shop.unique("SKU"), user = Shop.unique("user"), other = Shop.unique("user");
        shop.product(sku, 250, 100, 2);
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 23; i++) placed.add(shop.order(user, sku, 1, "tok_visa"));
        String othersOrder = shop.order(other, sku, 1, "tok_visa");
        List<String> newestFirst = new ArrayList<>(placed);
        java.util.Collections.reverse(newestFirst);

        // listed once orders-worker has stored them (the saga goes on meanwhile), and the index may trail by a moment
        awaitTrue(() -> shop.myOrders(Api.Caller.user(user), "limit=100").size() == 23, "all 23 in the index");
        awaitTrue(() -> shop.myOrders(Api.Caller.user(other), "limit=100").size() == 1, "the other shopper's one");
        List<List<String>> pages = shop.myOrderPages(Api.Caller.user(user), "limit=10");
        assertEquals(List.of(10, 10, 3), pages.stream().map(List::size).toList());
        assertEquals(newestFirst, pages.stream().flatMap(List::stream).toList(), "each once, newest first");
        assertEquals(List.of(othersOrder), shop.myOrders(Api.Caller.user(other), "limit=100"), "only her own");
        assertEquals(newestFirst, shop.myOrders(Api.Caller.anAdmin(), "limit=100&userId=" + user), "an admin names the user");
        assertEquals(403, shop.api.call(Api.Caller.user(other), "GET", "/orders?userId=" + user, null).status());
        assertEquals(400, shop.api.call(Api.Caller.user(user), "GET", "/orders?limit=0", null).status());
        // leave no saga in flight for the scenarios after this one (they count captures and deliveries)
        placed.forEach(id -> shop.awaitTerminal(user, id, SAGA_TIMEOUT));
        shop.awaitTerminal(other, othersOrder, SAGA_TIMEOUT);
    }

    @Test
    void everyMessageDeliveredTwiceHasNoSecondEffect() {
        Shop shop = shop();
        String sku = Shop.unique("SKU"), user = Shop.unique("user");
        shop.product(sku, 100, 20, 2);
        platform().duplicateDeliveries(true);
        long deliveredBefore = platform().messagesDelivered("orders-intake");

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) ids.add(shop.order(user, sku, 1, "tok_visa"));
        ids.add(shop.order(user, sku, 1, FakePaymentProvider.DECLINED_TOKEN));
        List<JsonNode> orders = ids.stream().map(id -> shop.awaitTerminal(user, id, SAGA_TIMEOUT)).toList();

        assertTrue(platform().messagesDelivered("orders-intake") - deliveredBefore >= 2L * ids.size(), "each OrderPlaced was handled twice");
        assertEquals(List.of("CONFIRMED", "CONFIRMED", "CONFIRMED", "CONFIRMED", "CANCELLED"), orders.stream().map(o -> o.get("status").asText()).toList());
        assertEquals(ids.size(), shop.scan("orders").stream().filter(o -> o.get("userId").s().equals(user)).count(), "no second order");
        for (String id : ids.subList(0, 4)) assertEquals(1, shop.capturesOf(id, "captured"), "one capture for " + id);
        awaitTrue(() -> shop.stockInTable(sku) == 16, "stock: 20 - 4 confirmed, the cancelled one released once");
        assertEquals(16, shop.stockInTable(sku));
    }

    @Test
    void aPoisonMessageGoesToTheDlqAndItsBatchMatesAreUnaffected() {
        Shop shop = shop();
        String sku = Shop.unique("SKU"), user = Shop.unique("user");
        shop.product(sku, 100, 5, 1);
        String orderId = "01" + Shop.unique("POISONTEST").replace("-", "").toUpperCase();
        String good = "{\"id\":\"" + orderId + "-m\",\"type\":\"OrderPlaced\",\"correlationId\":\"corr-poison\",\"causationId\":null,"
                + "\"occurredAt\":\"" + Instant.now() + "\",\"hops\":[],\"data\":{\"orderId\":\"" + orderId + "\",\"userId\":\"" + user + "\","
                + "\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1}],\"paymentToken\":\"tok_visa\"}}";
        String poison = "{\"this is not\": \"an envelope\", \"marker\": \"" + orderId + "\"}";
        String intake = platform().resources().queueUrl("orders-intake");
        platform().sqs().sendMessageBatch(b -> b.queueUrl(intake).entries(
                SendMessageBatchRequestEntry.builder().id("poison").messageBody(poison).build(),
                SendMessageBatchRequestEntry.builder().id("good").messageBody(good).build()));

        assertEquals("CONFIRMED", shop.awaitTerminal(user, orderId, SAGA_TIMEOUT).get("status").asText(), "the batch mate went through");
        Message dead = awaitDlqMessage("orders-intake-dlq", poison, Duration.ofSeconds(60));
        assertEquals(poison, dead.body());
        assertTrue(Integer.parseInt(dead.attributesAsStrings().getOrDefault("ApproximateReceiveCount", "5")) >= 1);
    }

    @Test
    void twoHundredConcurrentOrdersForFiftyInStockConfirmExactlyFifty() throws Exception {
        Shop shop = shop();
        String sku = Shop.unique("FLASH");
        shop.product(sku, 2500, 50, 8);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<String[]>> placed = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String user = "flash-user-" + i;
            placed.add(clients.submit(() -> new String[] {user, shop.order(user, sku, 1, "tok_visa")}));
        }
        List<String[]> orders = new ArrayList<>();
        for (Future<String[]> f : placed) orders.add(f.get());
        clients.shutdown();

        Map<String, Integer> byStatus = new java.util.TreeMap<>();
        for (String[] o : orders) byStatus.merge(shop.awaitTerminal(o[0], o[1], Duration.ofSeconds(120)).get("status").asText(), 1, Integer::sum);

        assertEquals(Map.of("CONFIRMED", 50, "REJECTED", 150), byStatus);
        assertEquals(0, shop.stockInTable(sku), "sold out, never oversold");
        Set<String> confirmedCaptures = new HashSet<>();
        platform().provider().captures().stream().filter(c -> c.status().equals("captured"))
                .filter(c -> orders.stream().anyMatch(o -> o[1].equals(c.orderId()))).forEach(c -> assertTrue(confirmedCaptures.add(c.orderId())));
        assertEquals(50, confirmedCaptures.size(), "exactly one capture per confirmed order");
    }

    @Test
    void whenTheProviderIsDownTheBreakerOpensNothingIsLostAndAllOrdersCompleteWhenItIsBack() {
        Shop shop = shop();
        String sku = Shop.unique("SKU"), user = Shop.unique("user");
        shop.product(sku, 1000, 20, 2);
        long attemptsBefore = platform().provider().attempts();
        long deliveriesBefore = platform().messagesDelivered("payments-commands");
        platform().provider().mode(FakePaymentProvider.Mode.FAIL, Duration.ZERO);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) ids.add(shop.order(user, sku, 1, "tok_visa"));
        // let every capture fail at least twice while the provider is down
        awaitTrue(() -> platform().messagesDelivered("payments-commands") - deliveriesBefore >= 2L * ids.size(), "captures retried while down");
        long deliveriesWhileDown = platform().messagesDelivered("payments-commands") - deliveriesBefore;
        long attemptsWhileDown = platform().provider().attempts() - attemptsBefore;
        platform().provider().mode(FakePaymentProvider.Mode.OK, Duration.ZERO);

        assertTrue(attemptsWhileDown < deliveriesWhileDown,
                "the open breaker spared the provider: " + attemptsWhileDown + " calls for " + deliveriesWhileDown + " capture attempts");
        for (String id : ids) {
            assertEquals("CONFIRMED", shop.awaitTerminal(user, id, Duration.ofSeconds(90)).get("status").asText(), id);
            assertEquals(1, shop.capturesOf(id, "captured"));
        }
        assertEquals(12, shop.stockInTable(sku));
        assertEquals(0, shop.queueDepth("payments-commands-dlq"), "nothing dead-lettered");
    }

    private Message awaitDlqMessage(String dlq, String body, Duration timeout) {
        String url = platform().resources().queueUrl(dlq);
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            for (Message m : platform().sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNamesWithStrings("All")).messages()) {
                if (!m.body().equals(body)) continue;
                // consumed: left in flight, it would come back into the DLQ's depth while a later test counts it
                platform().sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                return m;
            }
        }
        throw new AssertionError("no poison message in " + dlq + " after " + timeout);
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) return;
            Shop.sleep(100);
        }
        throw new AssertionError("timed out waiting for: " + what);
    }
}
