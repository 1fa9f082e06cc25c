package dev.flywheel.infra;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cdk-nag's AwsSolutions pack on the real stack: no unsuppressed error or warning, every suppression with a reason. */
class CdkNagTest {

    @Test
    void noUnsuppressedErrors() {
        List<SynthesisMessage> errors = Synth.Default.ANNOTATIONS.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertTrue(errors.isEmpty(), () -> "cdk-nag errors:\n" + format(errors));
    }

    @Test
    void noUnsuppressedWarnings() {
        List<SynthesisMessage> warnings = Synth.Default.ANNOTATIONS.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertTrue(warnings.isEmpty(), () -> "cdk-nag warnings:\n" + format(warnings));
    }

    @Test
    void theTopologyLintPassesOnTheRealStack() {
        List<SynthesisMessage> lint = Synth.Default.ANNOTATIONS.findError("*", Match.stringLikeRegexp("\\[TopologyLint\\].*"));
        assertTrue(lint.isEmpty(), () -> format(lint));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everySuppressionCarriesAReason() {
        Map<String, Map<String, Object>> all = (Map<String, Map<String, Object>>) (Map<?, ?>) Synth.Default.TEMPLATE.toJSON().get("Resources");
        int suppressions = 0;
        for (Map<String, Object> resource : all.values()) {
            Map<String, Object> metadata = (Map<String, Object>) resource.get("Metadata");
            Object nag = metadata == null ? null : metadata.get("cdk_nag");
            if (nag == null) continue;
            for (Map<String, Object> rule : (List<Map<String, Object>>) ((Map<String, Object>) nag).get("rules_to_suppress")) {
                suppressions++;
                String reason = String.valueOf(rule.get("reason"));
                assertTrue(reason.length() >= 40, "a real reason for " + rule.get("id") + ": " + reason);
            }
        }
        assertFalse(suppressions == 0, "the suppressions were found in the template metadata");
    }

    static String format(List<SynthesisMessage> messages) {
        return messages.stream().map(m -> m.getId() + ": " + String.valueOf(m.getEntry().getData()).lines().findFirst().orElse(""))
                .sorted().collect(Collectors.joining("\n"));
    }
}
