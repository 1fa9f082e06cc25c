package dev.flywheel.payments.domain;

import dev.flywheel.kit.idempotency.IdempotencyStore;
import dev.flywheel.kit.idempotency.InMemoryPersistenceStore;
import dev.flywheel.kit.money.Money;
import dev.flywheel.payments.domain.PaymentCapture.Decision;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The capture-once policy and its retry / poison / done decisions, with an in-memory idempotency store. */
class PaymentCaptureTest {
    private static final Duration BASE = Duration.ofSeconds(5);
    private static final CaptureRequest ORDER = new CaptureRequest("o1", new Money(1999, "EUR"), "tok_visa");

    private final List<String> providerCalls = new ArrayList<>();
    private Function<CaptureRequest, CaptureResult> answer = r -> new CaptureResult.Captured("cap_" + (providerCalls.size()));

    private final PaymentProvider provider = (request, key) -> {
        providerCalls.add(key);
        return answer.apply(request);
    };
    private final PaymentCapture payments = new PaymentCapture(provider,
            new IdempotencyStore(new InMemoryPersistenceStore(), Duration.ofDays(7), Clock.systemUTC()), BASE);

    @Test
    void anOrderIsCapturedOnceWhateverTheRedeliveries() {
        Decision first = payments.capture(ORDER, 1);
        Decision again = payments.capture(ORDER, 2);
        assertEquals(new Decision.Done(new CaptureResult.Captured("cap_1")), first);
        assertEquals(first, again, "a redelivery gets the stored answer");
        assertEquals(List.of("o1"), providerCalls, "one call, with the order id as the provider's idempotency key");
    }

    @Test
    void aDeclineIsDoneAndIsNotAskedAgain() {
        answer = r -> new CaptureResult.Declined("card declined");
        assertEquals(new Decision.Done(new CaptureResult.Declined("card declined")), payments.capture(ORDER, 1));
        payments.capture(ORDER, 2);
        assertEquals(1, providerCalls.size());
    }

    @Test
    void aProviderOutageIsRetriedWithAGrowingBackoffOrWhenTheProviderSays() {
        answer = r -> { throw new ProviderUnavailableException("503", Duration.ZERO, null); };
        assertEquals(BASE, assertInstanceOf(Decision.RetryLater.class, payments.capture(ORDER, 1)).delay());
        assertEquals(BASE.multipliedBy(8), assertInstanceOf(Decision.RetryLater.class, payments.capture(ORDER, 4)).delay());
        assertEquals(Duration.ofMinutes(15), assertInstanceOf(Decision.RetryLater.class, payments.capture(ORDER, 30)).delay(), "capped");
        answer = r -> { throw new ProviderUnavailableException("circuit open", Duration.ofSeconds(40), null); };
        assertEquals(Duration.ofSeconds(40), assertInstanceOf(Decision.RetryLater.class, payments.capture(ORDER, 1)).delay(), "not before the provider's Retry-After");

        answer = r -> new CaptureResult.Captured("cap_late");
        assertEquals(new Decision.Done(new CaptureResult.Captured("cap_late")), payments.capture(ORDER, 5), "a failed attempt charged nothing and freed the order");
    }

    @Test
    void twoDeliveriesAtOnceAskTheProviderWithOneKeyAndTellTheSameCapture() {
        Decision[] nested = new Decision[1];
        boolean[] redelivered = {false};
        answer = r -> {
            if (!redelivered[0]) {
                redelivered[0] = true;
                nested[0] = payments.capture(ORDER, 2); // the same command delivered again while the provider answers the first
            }
            return new CaptureResult.Captured("cap_1"); // the provider answers a repeated key with its first answer
        };
        Decision first = payments.capture(ORDER, 1);
        assertEquals(new Decision.Done(new CaptureResult.Captured("cap_1")), nested[0]);
        assertEquals(nested[0], first);
        assertEquals(List.of("o1", "o1"), providerCalls, "both with the order id as the provider's idempotency key");
        assertEquals(first, payments.capture(ORDER, 3));
        assertEquals(2, providerCalls.size(), "a later redelivery is answered from the record");
    }

    @Test
    void anotherAmountForAChargedOrderOrARefusedRequestIsPoison() {
        payments.capture(ORDER, 1);
        Decision other = payments.capture(new CaptureRequest("o1", new Money(2999, "EUR"), "tok_visa"), 1);
        assertTrue(assertInstanceOf(Decision.Refused.class, other).reason().contains("already charged a different amount"), other.toString());

        answer = r -> { throw new IllegalArgumentException("unknown currency"); };
        Decision refused = payments.capture(new CaptureRequest("o2", new Money(1, "XXX"), "tok_visa"), 1);
        assertTrue(assertInstanceOf(Decision.Refused.class, refused).reason().contains("refuses this capture"), refused.toString());
        assertEquals(1, providerCalls.size() - 1, "o2 was asked once and not marked as charged");
    }
}
