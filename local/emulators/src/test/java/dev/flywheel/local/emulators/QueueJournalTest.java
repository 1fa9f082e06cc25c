package dev.flywheel.local.emulators;

import org.elasticmq.MessageContent;
import org.elasticmq.NeverReceived$;
import org.elasticmq.actor.queue.InternalMessage;
import org.elasticmq.persistence.sql.DBMessage;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.collection.mutable.ArrayBuffer;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The journal reads ElasticMQ's own mutable message while the queue may be changing it: a receive appending its
 * delivery receipt grows the buffer before it fills the slot, and a read in between meets a null receipt.
 */
class QueueJournalTest {

    @Test
    void aMessageCaughtMidReceiveIsReadAgainOnceTheReceiptIsThere() {
        ArrayBuffer<String> receipts = new ArrayBuffer<>();
        receipts.addOne(null); // the slot a receive has counted but not filled yet
        InternalMessage message = message(receipts);
        CompletableFuture<Void> receive = CompletableFuture.runAsync(() -> receipts.update(0, "receipt-1"),
                CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));

        DBMessage row = QueueJournal.row(message);

        receive.join();
        assertEquals("[\"receipt-1\"]", new String(row.deliveryReceipts(), StandardCharsets.UTF_8));
        assertEquals("m-1", row.messageId());
    }

    @Test
    void aReceiptThatNeverArrivesIsStillAnError() {
        ArrayBuffer<String> receipts = new ArrayBuffer<>();
        receipts.addOne(null);
        // not written as an empty list: after its attempts the journal fails as before, and says why
        assertThrows(IllegalArgumentException.class, () -> QueueJournal.row(message(receipts)));
    }

    private static InternalMessage message(ArrayBuffer<String> receipts) {
        return new InternalMessage("m-1", receipts, 0L, new MessageContent("{\"orderId\":\"o-1\"}"),
                scala.collection.immutable.Map$.MODULE$.empty(), OffsetDateTime.parse("2026-12-06T23:15:57Z"), 0,
                NeverReceived$.MODULE$, 0, false, Option.empty(), Option.empty(), Option.empty(), Option.empty(), Option.empty());
    }
}
