package dev.flywheel.orders.api;

import dev.flywheel.kit.http.ProblemException;
import dev.flywheel.kit.json.Json;
import dev.flywheel.kit.limits.InputLimits;
import dev.flywheel.orders.domain.OrderStore.Position;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;

/**
 * The {@code cursor} of GET /orders: where the previous page ended, as URL-safe base64 of a small JSON document.
 * Clients pass it back as they got it and must not read it (opaque: its form may change). It holds only the
 * position in a list, never whose list it is: the caller's token (or an admin's {@code userId}) decides that, so a
 * cursor taken from someone else's page shows nothing of theirs.
 */
final class OrderCursor {
    private record Form(Instant createdAt, String orderId) {}

    /** Far above what {@link #encode} produces (about 120 characters), far below any limit of the front door. */
    private static final int MAX_CHARS = 512;

    private OrderCursor() {}

    static String encode(Position position) {
        byte[] json = Json.write(new Form(position.createdAt(), position.orderId())).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
    }

    static Position decode(String cursor) {
        if (cursor.isEmpty() || cursor.length() > MAX_CHARS) throw refused();
        try {
            Form form = Json.mapper().readValue(Base64.getUrlDecoder().decode(cursor), Form.class);
            if (form.createdAt() == null || form.orderId() == null || form.orderId().isBlank()
                    || form.orderId().getBytes(StandardCharsets.UTF_8).length > InputLimits.MAX_KEY_BYTES) throw refused();
            return new Position(form.createdAt(), form.orderId());
        } catch (IllegalArgumentException | DateTimeException | IOException e) {
            // not base64, not JSON, not this shape: whatever it is, it did not come from a page of ours
            throw refused();
        }
    }

    private static ProblemException refused() {
        return ProblemException.badRequest("cursor is not one this API gave out: pass a page's nextCursor back unchanged");
    }
}
