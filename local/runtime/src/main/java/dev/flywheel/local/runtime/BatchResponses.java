package dev.flywheel.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How Lambda reads a function's answer to an SQS batch when ReportBatchItemFailures is on (docs/design.md §4):
 * a null or empty response, or an empty or null {@code batchItemFailures}, means every message succeeded; an
 * invocation error means all failed; a response that is not a valid batch response, or an item with an empty
 * {@code itemIdentifier} or one not in the batch, fails the whole batch.
 */
public final class BatchResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchResponses() {}

    /** @return the ids that failed (to be retried); the others are deleted */
    public static Set<String> failed(List<String> batchIds, byte[] response) {
        Set<String> all = new LinkedHashSet<>(batchIds);
        String text = response == null ? "" : new String(response, StandardCharsets.UTF_8).trim();
        if (text.isEmpty() || text.equals("null")) return Set.of();
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            return all;
        }
        if (root == null || !root.isObject()) return all;
        JsonNode failures = root.get("batchItemFailures");
        if (failures == null || failures.isNull()) return Set.of();
        if (!failures.isArray()) return all;
        Set<String> failed = new LinkedHashSet<>();
        for (JsonNode item : failures) {
            JsonNode id = item == null ? null : item.get("itemIdentifier");
            if (id == null || !id.isTextual() || id.asText().isEmpty() || !all.contains(id.asText())) return all;
            failed.add(id.asText());
        }
        return failed;
    }
}
