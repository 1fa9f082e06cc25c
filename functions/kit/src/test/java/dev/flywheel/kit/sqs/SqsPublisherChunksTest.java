package dev.flywheel.kit.sqs;

import dev.flywheel.kit.envelope.Envelope;
import dev.flywheel.kit.envelope.Hop;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How messages are cut into SendMessageBatch calls: at most 10 entries and 1 MiB per call, a message at most 1 MiB. */
class SqsPublisherChunksTest {
    private static SqsPublisher.Encoded message(int payloadBytes) {
        Instant now = Instant.now();
        return SqsPublisher.Encoded.of(Outgoing.to("q", Envelope.first("T", "c", Map.of("pad", "x".repeat(payloadBytes)), new Hop("t", now, now))));
    }

    private static List<Integer> sizes(List<List<SqsPublisher.Encoded>> chunks) {
        return chunks.stream().map(List::size).toList();
    }

    @Test
    void tenEntriesPerCall() {
        assertEquals(List.of(10, 10, 5), sizes(SqsPublisher.chunks(IntStream.range(0, 25).mapToObj(i -> message(10)).toList())));
        assertEquals(List.of(), sizes(SqsPublisher.chunks(List.of())));
    }

    @Test
    void atMostOneMebibytePerCall() {
        assertEquals(List.of(2, 2, 1), sizes(SqsPublisher.chunks(IntStream.range(0, 5).mapToObj(i -> message(400 * 1024)).toList())));
        assertEquals(List.of(3), sizes(SqsPublisher.chunks(IntStream.range(0, 3).mapToObj(i -> message(300 * 1024)).toList())),
                "three of 300 KiB fit one call now: they took three under the old 256 KiB");
    }

    /** The boundary, counted as SQS counts it (body and attributes): exactly 1 MiB is sent, one byte more is refused. */
    @Test
    void aMessageOfExactlyOneMebibyteIsSentAndOneByteMoreIsRefused() {
        SqsPublisher.Encoded probe = message(0);
        int overhead = probe.bytes();
        SqsPublisher.Encoded atLimit = message(SqsPublisher.MAX_MESSAGE_BYTES - overhead);
        assertEquals(SqsPublisher.MAX_MESSAGE_BYTES, atLimit.bytes());
        assertEquals(List.of(1, 1), sizes(SqsPublisher.chunks(List.of(atLimit, message(10)))), "a full message fills its call alone");
        List<SqsPublisher.Encoded> overLimit = List.of(message(SqsPublisher.MAX_MESSAGE_BYTES - overhead + 1));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> SqsPublisher.chunks(overLimit));
        assertEquals(true, refused.getMessage().contains("1048577 bytes"), refused.getMessage());
    }
}
