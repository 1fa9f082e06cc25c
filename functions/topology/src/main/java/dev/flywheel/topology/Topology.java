package dev.flywheel.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole system as data. {@link FlywheelTopology#standard()} is the one definition that the local
 * platform provisions and runs and that the CDK app deploys; {@link #validate()} enforces the AWS rules
 * that, broken, lose messages or stall queues.
 */
public record Topology(List<FunctionSpec> functions, List<TriggerSpec> triggers, List<QueueSpec> queues,
                       List<TableSpec> tables, List<RouteSpec> routes) {

    public Topology {
        functions = List.copyOf(functions);
        triggers = List.copyOf(triggers);
        queues = List.copyOf(queues);
        tables = List.copyOf(tables);
        routes = List.copyOf(routes);
    }

    public FunctionSpec function(String name) {
        return functions.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no function named " + name));
    }

    public QueueSpec queue(String name) {
        return queues.stream().filter(q -> q.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no queue named " + name));
    }

    public TableSpec table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table named " + name));
    }

    /** The trigger that consumes a queue, if any. */
    public Optional<TriggerSpec> consumerOf(String queue) {
        return triggers.stream().filter(t -> t.queue().equals(queue)).findFirst();
    }

    public List<TriggerSpec> triggersOf(String function) {
        return triggers.stream().filter(t -> t.function().equals(function)).toList();
    }

    /** Every broken rule, each as a sentence; empty when the topology is sound. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (QueueSpec q : queues) {
            if (q.isDeadLetterQueue()) {
                if (consumerOf(q.name()).isPresent()) problems.add(q.name() + " is a DLQ but has a consumer");
                continue;
            }
            if (queues.stream().noneMatch(d -> d.name().equals(q.dlq()))) problems.add(q.name() + ": its DLQ " + q.dlq() + " is not defined");
            else if (queue(q.dlq()).fifo() != q.fifo()) problems.add(q.name() + ": a DLQ must be of the same type (FIFO or standard) as its queue");
            if (q.maxReceiveCount() < 1) problems.add(q.name() + ": maxReceiveCount must be ≥ 1");
            if (consumerOf(q.name()).isEmpty()) problems.add(q.name() + " has no consumer");
        }
        for (TriggerSpec t : triggers) {
            if (functions.stream().noneMatch(f -> f.name().equals(t.function()))) { problems.add("trigger on " + t.queue() + ": unknown function " + t.function()); continue; }
            if (queues.stream().noneMatch(q -> q.name().equals(t.queue()))) { problems.add("trigger of " + t.function() + ": unknown queue " + t.queue()); continue; }
            QueueSpec q = queue(t.queue());
            FunctionSpec f = function(t.function());
            if (q.visibilityTimeoutSeconds() < 6 * f.timeoutSeconds())
                problems.add(q.name() + ": visibility timeout " + q.visibilityTimeoutSeconds() + " s is under 6 × " + f.name() + "'s timeout of " + f.timeoutSeconds() + " s");
            int maxBatch = q.fifo() ? 10 : 10_000;
            if (t.batchSize() < 1 || t.batchSize() > maxBatch) problems.add(q.name() + ": batch size must be 1.." + maxBatch);
            if (t.batchSize() > 10 && t.batchingWindowSeconds() < 1) problems.add(q.name() + ": a batch size over 10 needs a batching window of at least 1 s");
            if (t.batchingWindowSeconds() < 0 || t.batchingWindowSeconds() > 300) problems.add(q.name() + ": batching window must be 0..300 s");
            if (t.scaling() instanceof PollerScaling.Standard s) {
                if (s.maximumConcurrency() < 2 || s.maximumConcurrency() > 1000) problems.add(q.name() + ": maximum concurrency must be 2..1000");
            } else if (t.scaling() instanceof PollerScaling.Provisioned p) {
                if (p.minimumPollers() < 2 || p.minimumPollers() > 200) problems.add(q.name() + ": minimum pollers must be 2..200");
                if (p.maximumPollers() < 2 || p.maximumPollers() > 2000) problems.add(q.name() + ": maximum pollers must be 2..2000");
                if (p.minimumPollers() > p.maximumPollers()) problems.add(q.name() + ": minimum pollers exceed the maximum");
            }
        }
        for (RouteSpec r : routes) {
            if (functions.stream().noneMatch(f -> f.name().equals(r.function()))) problems.add(r.routeKey() + ": unknown function " + r.function());
        }
        for (FunctionSpec f : functions) {
            f.environment().forEach((name, binding) -> {
                if (binding instanceof Binding.Table t && tables.stream().noneMatch(x -> x.name().equals(t.table())))
                    problems.add(f.name() + ": " + name + " names unknown table " + t.table());
                if (binding instanceof Binding.QueueUrl q && queues.stream().noneMatch(x -> x.name().equals(q.queue())))
                    problems.add(f.name() + ": " + name + " names unknown queue " + q.queue());
            });
        }
        return problems;
    }

    /**
     * The same system with some mappings in provisioned mode, from {@code queue=min:max} pairs separated by commas
     * (e.g. {@code orders-intake=2:20}): what {@code ./flywheel up --provisioned-pollers} and the CDK context
     * {@code provisionedPollers} take, so that the laptop and the cloud read one spelling.
     */
    public Topology withProvisionedPollers(String spec) {
        List<TriggerSpec> changed = new ArrayList<>(triggers);
        for (String pair : spec.split(",")) {
            if (pair.isBlank()) continue;
            String[] kv = pair.trim().split("=", 2);
            String[] range = kv.length == 2 ? kv[1].split(":", 2) : new String[0];
            if (range.length != 2 || !range[0].matches("[0-9]{1,5}") || !range[1].matches("[0-9]{1,5}"))
                throw new IllegalArgumentException("provisioned pollers: '" + pair.trim() + "' is not queue=min:max (e.g. orders-intake=2:20)");
            TriggerSpec trigger = consumerOf(kv[0]).orElseThrow(() -> new IllegalArgumentException("provisioned pollers: no trigger on queue " + kv[0]));
            changed.set(changed.indexOf(trigger),
                    trigger.withScaling(new PollerScaling.Provisioned(Integer.parseInt(range[0]), Integer.parseInt(range[1]))));
        }
        return new Topology(functions, changed, queues, tables, routes).validate();
    }

    /** @throws IllegalStateException listing every broken rule */
    public Topology validate() {
        List<String> problems = problems();
        if (!problems.isEmpty()) throw new IllegalStateException("invalid topology:\n - " + String.join("\n - ", problems));
        return this;
    }
}
