package dev.flywheel.local.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What kinds of requests a run sends, by weight: {@code good} orders, {@code duplicate}s (a good order sent again
 * with its Idempotency-Key: no second order may result), {@code declined} payments (a CANCELLED order, stock
 * given back) and {@code malformed} bodies (a 400 before any function runs). Written as
 * {@code good=85,duplicate=5,declined=5,malformed=5}.
 */
public record RequestMix(Map<Kind, Integer> weights) {
    public enum Kind { GOOD, DUPLICATE, DECLINED, MALFORMED }

    public static RequestMix parse(String text) {
        Map<Kind, Integer> weights = new EnumMap<>(Kind.class);
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=");
            if (kv.length != 2) throw new IllegalArgumentException("--mix: expected kind=weight, got '" + part + "'");
            Kind kind;
            try {
                kind = Kind.valueOf(kv[0].trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--mix: unknown kind '" + kv[0] + "' (good, duplicate, declined, malformed)");
            }
            int w = Integer.parseInt(kv[1].trim());
            if (w < 0) throw new IllegalArgumentException("--mix: weights are >= 0");
            weights.put(kind, w);
        }
        if (weights.values().stream().mapToInt(Integer::intValue).sum() == 0) throw new IllegalArgumentException("--mix: all weights are 0");
        return new RequestMix(weights);
    }

    public Kind next() {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        int pick = ThreadLocalRandom.current().nextInt(total);
        for (Map.Entry<Kind, Integer> e : weights.entrySet()) {
            pick -= e.getValue();
            if (pick < 0) return e.getKey();
        }
        throw new AssertionError();
    }
}
