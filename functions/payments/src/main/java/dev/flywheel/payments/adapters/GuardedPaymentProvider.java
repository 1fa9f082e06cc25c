package dev.flywheel.payments.adapters;

import dev.flywheel.payments.domain.CaptureRequest;
import dev.flywheel.payments.domain.CaptureResult;
import dev.flywheel.payments.domain.PaymentProvider;
import dev.flywheel.payments.domain.ProviderUnavailableException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Duration;

/**
 * A resilience4j circuit breaker around the provider: when most recent calls fail (down or timing out), stop
 * calling for a while and fail fast, so that workers do not pile up waiting on a dead dependency and the
 * provider gets room to recover. A decline is an answer, not a failure. The timeout is the HTTP client's.
 */
public final class GuardedPaymentProvider implements PaymentProvider {
    private final PaymentProvider provider;
    private final CircuitBreaker breaker;
    private final Duration openFor;

    public GuardedPaymentProvider(PaymentProvider provider, int failureRatePercent, int minimumCalls, Duration openFor) {
        this.provider = provider;
        this.openFor = openFor;
        this.breaker = CircuitBreaker.of("payment-provider", CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRatePercent)
                .minimumNumberOfCalls(minimumCalls)
                .slidingWindowSize(Math.max(minimumCalls, 10))
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(2)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordExceptions(ProviderUnavailableException.class)
                .build());
    }

    @Override
    public CaptureResult capture(CaptureRequest request, String idempotencyKey) {
        try {
            return breaker.executeSupplier(() -> provider.capture(request, idempotencyKey));
        } catch (CallNotPermittedException e) {
            throw new ProviderUnavailableException("payment provider circuit is open", openFor, e);
        }
    }

    public CircuitBreaker.State state() { return breaker.getState(); }
}
