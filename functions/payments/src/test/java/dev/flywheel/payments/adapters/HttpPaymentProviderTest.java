package dev.flywheel.payments.adapters;

import dev.flywheel.kit.money.Money;
import dev.flywheel.local.payments.FakePaymentProvider;
import dev.flywheel.payments.domain.CaptureRequest;
import dev.flywheel.payments.domain.CaptureResult;
import dev.flywheel.payments.domain.ProviderUnavailableException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP payment provider adapter against the fake provider over real HTTP: a capture, the same capture again
 * under its Idempotency-Key (the provider's answer, not a second charge), a decline, the provider down, too slow
 * and unreachable (each "unavailable", to be retried), and the circuit breaker that stops calling a provider that
 * keeps failing.
 */
class HttpPaymentProviderTest {
    private FakePaymentProvider fake;
    private HttpPaymentProvider provider;

    @BeforeEach
    void start() {
        fake = FakePaymentProvider.start(0);
        provider = new HttpPaymentProvider(fake.baseUrl() + "/", Duration.ofMillis(800));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private static CaptureRequest request(String token) {
        return new CaptureRequest("ord-" + UUID.randomUUID(), new Money(1_999, "EUR"), token);
    }

    @Test
    void aCaptureIsTakenOnceWhateverTheRepeats() {
        CaptureRequest request = request("tok_visa");
        CaptureResult first = provider.capture(request, request.orderId());
        CaptureResult.Captured captured = assertInstanceOf(CaptureResult.Captured.class, first);
        assertTrue(captured.captureId().startsWith("cap_"), captured.captureId());
        assertEquals(first, provider.capture(request, request.orderId()), "the repeat gets the first answer");
        assertEquals(1, fake.captures().size(), "and the provider charged once");
        FakePaymentProvider.Capture recorded = fake.captures().get(0);
        assertEquals(request.orderId(), recorded.orderId());
        assertEquals(1_999, recorded.amount());
        assertEquals("EUR", recorded.currency());
        assertEquals(request.orderId(), recorded.idempotencyKey(), "the order id is the Idempotency-Key");
    }

    @Test
    void aDeclineIsAnAnswerWithItsReason() {
        CaptureRequest request = request(FakePaymentProvider.DECLINED_TOKEN);
        CaptureResult.Declined declined = assertInstanceOf(CaptureResult.Declined.class, provider.capture(request, request.orderId()));
        assertTrue(!declined.reason().isBlank(), "a reason: " + declined.reason());
    }

    @Test
    void aProviderDownTooSlowOrUnreachableIsUnavailableNotAnAnswer() {
        fake.mode(FakePaymentProvider.Mode.FAIL, Duration.ZERO);
        assertThrows(ProviderUnavailableException.class, () -> provider.capture(request("tok_visa"), "k-fail"));
        fake.mode(FakePaymentProvider.Mode.SLOW, Duration.ofSeconds(3));
        long start = System.nanoTime();
        assertThrows(ProviderUnavailableException.class, () -> provider.capture(request("tok_visa"), "k-slow"));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2_500, "given up at the client's timeout, not the provider's pace");
        String base = fake.baseUrl();
        fake.close();
        HttpPaymentProvider gone = new HttpPaymentProvider(base, Duration.ofMillis(800));
        assertThrows(ProviderUnavailableException.class, () -> gone.capture(request("tok_visa"), "k-gone"));
        fake = FakePaymentProvider.start(0); // for stop()
    }

    @Test
    void theBreakerOpensOnAFailingProviderAndThenCallsItNoMore() {
        GuardedPaymentProvider guarded = new GuardedPaymentProvider(provider, 50, 4, Duration.ofSeconds(30));
        fake.mode(FakePaymentProvider.Mode.FAIL, Duration.ZERO);
        for (int i = 0; i < 4; i++) {
            int n = i;
            assertThrows(ProviderUnavailableException.class, () -> guarded.capture(request("tok_visa"), "k-" + n));
        }
        assertEquals(CircuitBreaker.State.OPEN, guarded.state());
        int attempts = fake.attempts();
        fake.mode(FakePaymentProvider.Mode.OK, Duration.ZERO);
        ProviderUnavailableException fastFail = assertThrows(ProviderUnavailableException.class, () -> guarded.capture(request("tok_visa"), "k-open"));
        assertTrue(fastFail.getMessage().contains("circuit is open"), fastFail.getMessage());
        assertEquals(attempts, fake.attempts(), "an open breaker does not reach the provider");
    }
}
