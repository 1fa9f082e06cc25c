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

/** How messages are cut into SendMessageBatch calls: at most 10 entries and 256 KiB per call. */
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
    void atMost256KiBPerCall() {
        assertEquals(List.of(2, 2, 1), sizes(SqsPublisher.chunks(IntStream.range(0, 5).mapToObj(i -> message(100 * 1024)).toList())));
    }

    @Test
    void aMessageOverTheLimitIsRefused() {
        List<SqsPublisher.Encoded> tooBig = List.of(message(300 * 1024));
        assertThrows(IllegalArgumentException.class, () -> SqsPublisher.chunks(tooBig));
    }
}
