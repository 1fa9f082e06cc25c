package dev.flywheel.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flywheel.dynamodb.model.DynamoException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * ClientRequestToken idempotency of TransactWriteItems: within the window, the same token with the same request
 * answers the first result without writing again; with a different request it is refused. SDK v2 fills in a
 * token on every call, so this keeps only a digest per request and forgets tokens oldest first.
 */
final class ClientTokens {
    private record Seen(byte[] digest, JsonNode response, long at) {}
    private record Arrival(String token, long at) {}

    private final ConcurrentHashMap<String, Seen> seen = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    private final Object[] stripes = new Object[256];
    private final long windowNanos;

    ClientTokens(Duration window) {
        this.windowNanos = window.toNanos();
        for (int i = 0; i < stripes.length; i++) stripes[i] = new Object();
    }

    JsonNode once(String token, JsonNode request, Supplier<JsonNode> action) {
        long now = System.nanoTime();
        forgetOlderThan(now - windowNanos);
        byte[] digest = digest(request);
        synchronized (stripes[Math.floorMod(token.hashCode(), stripes.length)]) {
            Seen previous = seen.get(token);
            if (previous != null) {
                if (!Arrays.equals(previous.digest(), digest)) throw DynamoException.idempotentParameterMismatch();
                return previous.response();
            }
            JsonNode response = action.get(); // a failed transaction throws and is not remembered, so it may be retried
            seen.put(token, new Seen(digest, response, now));
            arrivals.add(new Arrival(token, now));
            return response;
        }
    }

    private void forgetOlderThan(long cutoff) {
        for (Arrival head = arrivals.peek(); head != null && head.at() - cutoff < 0; head = arrivals.peek()) {
            if (!arrivals.remove(head)) continue;
            Seen entry = seen.get(head.token());
            if (entry != null && entry.at() == head.at()) seen.remove(head.token(), entry);
        }
    }

    private static byte[] digest(JsonNode request) {
        ObjectNode copy = request.deepCopy();
        copy.remove("ReturnConsumedCapacity");
        try {
            return MessageDigest.getInstance("SHA-256").digest(copy.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
