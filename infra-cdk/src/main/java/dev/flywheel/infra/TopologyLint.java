package dev.flywheel.infra;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.CfnAlias;
import software.amazon.awscdk.services.lambda.CfnEventSourceMapping;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.sqs.CfnQueue;
import software.constructs.IConstruct;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fails synthesis (error annotations) on event-source settings that lose or stall messages, whoever wrote the
 * stack: an SQS trigger without ReportBatchItemFailures (a single failure would redeliver the whole batch), a
 * queue whose visibility timeout is under 6 × its consumer's timeout (messages redelivered while still being
 * processed), a work queue without a DLQ (poison circulates forever), a maximum concurrency above the
 * function's reserved concurrency (the mapping would be throttled into retries), provisioned-mode settings
 * AWS refuses (pollers out of range, or beside a maximum concurrency), and provisioned concurrency on a function
 * with SnapStart (Lambda refuses the two together).
 */
public final class TopologyLint implements IAspect {

    @Override
    public void visit(IConstruct node) {
        if (!(node instanceof Stack stack)) return;
        Map<String, CfnResource> byLogicalId = new HashMap<>();
        for (IConstruct c : stack.getNode().findAll()) {
            if (c instanceof CfnResource r && Stack.of(r) == stack) byLogicalId.put(stack.resolve(r.getLogicalId()).toString(), r);
        }
        Set<String> deadLetterQueues = new HashSet<>();
        for (CfnResource r : byLogicalId.values()) {
            if (r instanceof CfnQueue q && q.getRedrivePolicy() != null) deadLetterQueues.addAll(refs(stack.resolve(q.getRedrivePolicy())));
        }
        for (CfnResource r : byLogicalId.values()) {
            if (r instanceof CfnQueue q && q.getRedrivePolicy() == null && !deadLetterQueues.contains(stack.resolve(q.getLogicalId()).toString())) {
                Annotations.of(q).addError("[TopologyLint] queue has no dead-letter queue: a poison message would circulate forever");
            }
            if (r instanceof CfnEventSourceMapping esm) checkMapping(stack, esm, byLogicalId);
            if (r instanceof CfnAlias alias) checkAlias(stack, alias, byLogicalId);
        }
    }

    private void checkMapping(Stack stack, CfnEventSourceMapping esm, Map<String, CfnResource> byLogicalId) {
        List<String> types = esm.getFunctionResponseTypes();
        if (types == null || !types.contains("ReportBatchItemFailures")) {
            Annotations.of(esm).addError("[TopologyLint] SQS trigger without ReportBatchItemFailures: one failure redelivers the whole batch");
        }
        CfnQueue queue = first(refs(stack.resolve(esm.getEventSourceArn())), byLogicalId, CfnQueue.class);
        CfnFunction function = functionOf(stack, refs(stack.resolve(esm.getFunctionName())), byLogicalId);
        if (queue == null || function == null) return; // a queue or function outside this stack: nothing to compare with
        Number timeout = function.getTimeout() == null ? 3 : function.getTimeout();
        Number visibility = queue.getVisibilityTimeout() == null ? 30 : queue.getVisibilityTimeout();
        if (visibility.intValue() < 6 * timeout.intValue()) {
            Annotations.of(esm).addError("[TopologyLint] queue visibility timeout " + visibility + " s is under 6 × the function timeout of " + timeout + " s");
        }
        Object scaling = stack.resolve(esm.getScalingConfig());
        Number reserved = function.getReservedConcurrentExecutions();
        Object maximum = property(scaling, "MaximumConcurrency");
        if (maximum instanceof Number max && reserved != null && max.intValue() > reserved.intValue()) {
            Annotations.of(esm).addError("[TopologyLint] maximum concurrency " + max + " exceeds the function's reserved concurrency " + reserved);
        }
        checkProvisionedMode(esm, maximum, stack.resolve(esm.getProvisionedPollerConfig()));
    }

    /** SQS provisioned mode as AWS accepts it: minimum 2..200, maximum 2..2,000, minimum ≤ maximum, no MaximumConcurrency beside it. */
    private static void checkProvisionedMode(CfnEventSourceMapping esm, Object maximumConcurrency, Object resolved) {
        if (!(resolved instanceof Map<?, ?> config)) return;
        if (maximumConcurrency != null) {
            Annotations.of(esm).addError("[TopologyLint] provisioned pollers and a maximum concurrency exclude each other: AWS refuses the mapping");
        }
        Object min = property(config, "MinimumPollers");
        Object max = property(config, "MaximumPollers");
        if (min instanceof Number n && (n.intValue() < 2 || n.intValue() > 200)) {
            Annotations.of(esm).addError("[TopologyLint] minimum pollers " + n + " is outside SQS's 2..200");
        }
        if (max instanceof Number n && (n.intValue() < 2 || n.intValue() > 2000)) {
            Annotations.of(esm).addError("[TopologyLint] maximum pollers " + n + " is outside SQS's 2..2000");
        }
        if (min instanceof Number lo && max instanceof Number hi && lo.intValue() > hi.intValue()) {
            Annotations.of(esm).addError("[TopologyLint] minimum pollers " + lo + " exceed the maximum " + hi);
        }
    }

    /** Provisioned concurrency on an alias of a SnapStart function: the deployment would fail on it. */
    private static void checkAlias(Stack stack, CfnAlias alias, Map<String, CfnResource> byLogicalId) {
        if (alias.getProvisionedConcurrencyConfig() == null) return;
        CfnFunction function = first(refs(stack.resolve(alias.getFunctionName())), byLogicalId, CfnFunction.class);
        if (function == null) return;
        if ("PublishedVersions".equals(property(stack.resolve(function.getSnapStart()), "ApplyOn"))) {
            Annotations.of(alias).addError("[TopologyLint] provisioned concurrency on a function with SnapStart: Lambda refuses the two together");
        }
    }

    /**
     * A field of a resolved L1 property, by its CloudFormation name: depending on how the property was set, the
     * resolved object is keyed as in CloudFormation or in camelCase. Null when absent or not an object.
     */
    private static Object property(Object resolved, String name) {
        if (!(resolved instanceof Map<?, ?> map)) return null;
        return map.containsKey(name) ? map.get(name) : map.get(Character.toLowerCase(name.charAt(0)) + name.substring(1));
    }

    private static CfnFunction functionOf(Stack stack, List<String> refs, Map<String, CfnResource> byLogicalId) {
        CfnFunction direct = first(refs, byLogicalId, CfnFunction.class);
        if (direct != null) return direct;
        CfnAlias alias = first(refs, byLogicalId, CfnAlias.class);
        return alias == null ? null : first(refs(stack.resolve(alias.getFunctionName())), byLogicalId, CfnFunction.class);
    }

    private static <T> T first(List<String> refs, Map<String, CfnResource> byLogicalId, Class<T> type) {
        for (String ref : refs) if (type.isInstance(byLogicalId.get(ref))) return type.cast(byLogicalId.get(ref));
        return null;
    }

    /** Logical ids named by Ref / Fn::GetAtt anywhere in a resolved CloudFormation value. */
    static List<String> refs(Object resolved) {
        List<String> found = new ArrayList<>();
        collect(resolved, found);
        return found;
    }

    private static void collect(Object value, List<String> found) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if ("Ref".equals(k) && v instanceof String s) found.add(s);
                else if ("Fn::GetAtt".equals(k) && v instanceof List<?> l && !l.isEmpty()) found.add(String.valueOf(l.get(0)));
                else collect(v, found);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, found));
        }
    }
}
