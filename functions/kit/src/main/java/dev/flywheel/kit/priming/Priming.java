package dev.flywheel.kit.priming;

import dev.flywheel.kit.envelope.Envelope;
import dev.flywheel.kit.envelope.Hop;
import dev.flywheel.kit.json.Json;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * SnapStart priming: work done in {@code beforeCheckpoint} is in the snapshot, so the first invocation after a
 * restore does not pay for it. Each function registers a warm-up that loads what its hot path uses: the JSON
 * codec (Jackson's serializers for the envelope) and its SDK clients (a cheap call each, so the request pipeline
 * classes are loaded and initialised). Outside a CRaC runtime (locally, in tests) the hook never fires.
 * A failing warm-up is logged and ignored: a slower first request beats a failed deployment.
 */
public final class Priming implements Resource {
    private static final Logger log = LoggerFactory.getLogger(Priming.class);
    /** CRaC holds resources weakly: keep them reachable. */
    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();

    private final String name;
    private final Runnable warmUp;

    private Priming(String name, Runnable warmUp) {
        this.name = name;
        this.warmUp = warmUp;
    }

    public static Priming register(String name, Runnable warmUp) {
        Priming priming = new Priming(name, warmUp);
        REGISTERED.add(priming);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /** Runs every registered warm-up now (provisioned concurrency's init: see {@link ProvisionedPriming}). */
    static void warmUpAll() {
        for (Priming priming : REGISTERED) priming.beforeCheckpoint(null); // each logs, and survives, its own failure
    }

    /** Round-trips an envelope through the codec: loads and initialises the (de)serializers every message uses. */
    public static void jsonCodec() {
        Instant now = Instant.now();
        Envelope sample = Envelope.first("Priming", "priming", Map.of("orderId", "priming"), new Hop("priming", now, now));
        try {
            Json.read(Json.write(sample), Envelope.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        try {
            warmUp.run();
            log.info("primed {} in {} ms", name, (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            log.warn("priming {} failed; the first request will pay for it: {}", name, e.toString());
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to refresh: the SDK re-establishes connections and credentials come from the restored environment
    }
}
