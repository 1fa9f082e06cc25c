package dev.flywheel.local.runtime;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Lambda's reading of a partial batch response (docs/design.md §4), case by case. */
class BatchResponsesTest {
    private static final List<String> BATCH = List.of("a", "b", "c");

    private static Set<String> failed(String response) {
        return BatchResponses.failed(BATCH, response == null ? null : response.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void nullOrEmptyResponsesMeanAllSucceeded() {
        assertEquals(Set.of(), failed(null));
        assertEquals(Set.of(), failed(""));
        assertEquals(Set.of(), failed("null"));
        assertEquals(Set.of(), failed("{}"));
        assertEquals(Set.of(), failed("{\"batchItemFailures\":null}"));
        assertEquals(Set.of(), failed("{\"batchItemFailures\":[]}"));
    }

    @Test
    void listedItemsFailAndTheRestSucceed() {
        assertEquals(Set.of("b"), failed("{\"batchItemFailures\":[{\"itemIdentifier\":\"b\"}]}"));
        assertEquals(Set.of("a", "c"), failed("{\"batchItemFailures\":[{\"itemIdentifier\":\"a\"},{\"itemIdentifier\":\"c\"}]}"));
    }

    @Test
    void malformedResponsesFailTheWholeBatch() {
        Set<String> all = Set.copyOf(BATCH);
        assertEquals(all, failed("not json"));
        assertEquals(all, failed("[1,2]"));
        assertEquals(all, failed("{\"batchItemFailures\":\"b\"}"));
        assertEquals(all, failed("{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}"), "empty identifier");
        assertEquals(all, failed("{\"batchItemFailures\":[{\"itemIdentifier\":null}]}"), "null identifier");
        assertEquals(all, failed("{\"batchItemFailures\":[{}]}"), "missing identifier");
        assertEquals(all, failed("{\"batchItemFailures\":[{\"itemIdentifier\":\"zzz\"}]}"), "id not in the batch");
    }
}
