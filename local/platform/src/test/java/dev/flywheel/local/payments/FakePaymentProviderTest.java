package dev.flywheel.local.payments;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakePaymentProviderTest {
    private final FakePaymentProvider provider = FakePaymentProvider.start(0);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() { provider.close(); }

    private HttpResponse<String> capture(String key, String orderId, String token) throws Exception {
        return capture(provider, key, orderId, token);
    }

    private HttpResponse<String> capture(FakePaymentProvider provider, String key, String orderId, String token) throws Exception {
        String body = "{\"orderId\":\"" + orderId + "\",\"amount\":1999,\"currency\":\"EUR\",\"paymentToken\":\"" + token + "\"}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(provider.baseUrl() + "/v1/captures")).POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) request.header("Idempotency-Key", key);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void capturesOncePerIdempotencyKeyAndDeclinesTheDeclinedToken() throws Exception {
        HttpResponse<String> first = capture("o1", "o1", "tok_visa");
        HttpResponse<String> again = capture("o1", "o1", "tok_visa");
        assertEquals(201, first.statusCode());
        assertEquals(first.body(), again.body(), "a repeat gets the first answer");
        assertEquals(402, capture("o2", "o2", FakePaymentProvider.DECLINED_TOKEN).statusCode());
        assertEquals(400, capture(null, "o3", "tok_visa").statusCode(), "the key is required");

        assertEquals(2, provider.captures().size(), "one record per key");
        assertEquals(4, provider.attempts());
        assertEquals("declined", provider.captures().get(1).status());

        // the record over HTTP, as the load harness reads it
        HttpResponse<String> record = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(provider.baseUrl() + "/v1/captures")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, record.statusCode());
        assertEquals(true, record.body().startsWith("[{") && record.body().contains("\"orderId\":\"o2\"") && record.body().contains("\"at\":\"20"), record.body());
    }

    @Test
    void canBeToldToFailOrToBeSlow() throws Exception {
        provider.mode(FakePaymentProvider.Mode.FAIL, Duration.ZERO);
        assertEquals(503, capture("o1", "o1", "tok_visa").statusCode());
        assertTrue(provider.captures().isEmpty(), "a failed call records nothing");

        provider.mode(FakePaymentProvider.Mode.SLOW, Duration.ofMillis(300));
        long start = System.nanoTime();
        assertEquals(201, capture("o1", "o1", "tok_visa").statusCode());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 300, "answered after the delay");

        HttpResponse<String> switched = http.send(HttpRequest.newBuilder(URI.create(provider.baseUrl() + "/admin/mode"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"fail\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, switched.statusCode());
        assertEquals(503, capture("o9", "o9", "tok_visa").statusCode());
    }

    @Test
    void withALedgerItAnswersAfterARestartAsItDidBefore(@TempDir Path data) throws Exception {
        Path ledger = data.resolve("payments.jsonl");
        String captured;
        try (FakePaymentProvider first = FakePaymentProvider.start(0, ledger)) {
            captured = capture(first, "o1", "o1", "tok_visa").body();
            assertEquals(402, capture(first, "o2", "o2", FakePaymentProvider.DECLINED_TOKEN).statusCode());
        }
        // a kill in the middle of a write leaves half a line, never answered
        Files.writeString(ledger, "{\"idempotencyKey\":\"o3\",\"orderId\":\"o", StandardOpenOption.APPEND);

        try (FakePaymentProvider again = FakePaymentProvider.start(0, ledger)) {
            assertEquals(List.of("o1", "o2"), again.captures().stream().map(FakePaymentProvider.Capture::orderId).toList());
            HttpResponse<String> repeat = capture(again, "o1", "o1", "tok_visa");
            assertEquals(201, repeat.statusCode());
            assertEquals(captured, repeat.body(), "a key answered before the restart gets the same answer");
            assertEquals(402, capture(again, "o2", "o2", FakePaymentProvider.DECLINED_TOKEN).statusCode());
            assertEquals(2, again.captures().size(), "repeats record nothing");
            assertTrue(capture(again, "o3", "o3", "tok_visa").body().contains("\"captureId\":\"cap_2\""),
                    "capture ids go on from the recovered ones, and the torn o3 is captured afresh");
        }
        assertEquals(3, Files.readAllLines(ledger).size(), "the torn line was cut off: " + Files.readString(ledger));
    }

    @Test
    void aLedgerWithACorruptCompleteLineIsRefusedRatherThanGuessed(@TempDir Path data) throws Exception {
        Path ledger = data.resolve("payments.jsonl");
        Files.writeString(ledger, "not json\n");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> FakePaymentProvider.start(0, ledger));
        assertTrue(refused.getMessage().contains("corrupt line"), refused.getMessage());
    }
}
