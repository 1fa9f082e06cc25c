package dev.flywheel.infra;

import dev.flywheel.topology.QueueSpec;
import dev.flywheel.topology.Topology;
import dev.flywheel.topology.TriggerSpec;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an operator watches: alarms on DLQ depth (anything there is a poison message or a bug), the age of the
 * oldest message (a backlog that is not draining), function errors and throttles, all to one encrypted SNS topic;
 * and a CloudWatch dashboard per capability.
 */
final class Operations extends Construct {
    static final int OLDEST_MESSAGE_ALARM_SECONDS = 300;

    final Topic alarms;

    Operations(Construct scope, Topology topology, Map<String, LambdaFunction> functions, Map<String, Queue> queues) {
        super(scope, "Operations");
        alarms = Topic.Builder.create(this, "Alarms").displayName("Flywheel alarms").enforceSsl(true)
                .masterKey(Alias.fromAliasName(this, "SnsKey", "alias/aws/sns")).build();
        SnsAction notify = new SnsAction(alarms);
        Duration period = Duration.minutes(1);

        for (QueueSpec q : topology.queues()) {
            Queue queue = queues.get(q.name());
            String id = Names.id(q.name());
            Alarm alarm = q.isDeadLetterQueue()
                    ? Alarm.Builder.create(this, id + "NotEmpty").alarmDescription(q.name() + " has messages: poison, or a bug")
                        .metric(queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder().period(period).statistic("Maximum").build()))
                        .threshold(0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).evaluationPeriods(1)
                        .treatMissingData(TreatMissingData.NOT_BREACHING).build()
                    : Alarm.Builder.create(this, id + "Backlog").alarmDescription(q.name() + ": oldest message older than " + OLDEST_MESSAGE_ALARM_SECONDS + " s")
                        .metric(queue.metricApproximateAgeOfOldestMessage(MetricOptions.builder().period(period).statistic("Maximum").build()))
                        .threshold(OLDEST_MESSAGE_ALARM_SECONDS).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).evaluationPeriods(3)
                        .treatMissingData(TreatMissingData.NOT_BREACHING).build();
            alarm.addAlarmAction(notify);
        }
        for (LambdaFunction f : functions.values()) {
            String id = Names.id(f.spec.name());
            Alarm errors = Alarm.Builder.create(this, id + "Errors").alarmDescription(f.spec.name() + " invocations failed")
                    .metric(f.function.metricErrors(MetricOptions.builder().period(period).statistic("Sum").build()))
                    .threshold(0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).evaluationPeriods(1)
                    .treatMissingData(TreatMissingData.NOT_BREACHING).build();
            Alarm throttles = Alarm.Builder.create(this, id + "Throttles").alarmDescription(f.spec.name() + " was throttled")
                    .metric(f.function.metricThrottles(MetricOptions.builder().period(period).statistic("Sum").build()))
                    .threshold(0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).evaluationPeriods(1)
                    .treatMissingData(TreatMissingData.NOT_BREACHING).build();
            errors.addAlarmAction(notify);
            throttles.addAlarmAction(notify);
        }
        dashboards(topology, functions, queues);
    }

    private void dashboards(Topology topology, Map<String, LambdaFunction> functions, Map<String, Queue> queues) {
        Set<String> capabilities = new LinkedHashSet<>();
        topology.functions().forEach(f -> capabilities.add(f.capability()));
        for (String capability : capabilities) {
            List<IWidget> widgets = new ArrayList<>();
            for (LambdaFunction f : functions.values()) {
                if (!f.spec.capability().equals(capability)) continue;
                widgets.add(GraphWidget.Builder.create().title(f.spec.name() + ": invocations, errors, throttles")
                        .left(List.of(f.function.metricInvocations(), f.function.metricErrors(), f.function.metricThrottles())).width(12).build());
                widgets.add(GraphWidget.Builder.create().title(f.spec.name() + ": duration p50 / p99")
                        .left(List.of(f.function.metricDuration(MetricOptions.builder().statistic("p50").build()),
                                f.function.metricDuration(MetricOptions.builder().statistic("p99").build()))).width(12).build());
                for (TriggerSpec t : topology.triggersOf(f.spec.name())) {
                    Queue queue = queues.get(t.queue());
                    Queue dlq = queues.get(topology.queue(t.queue()).dlq());
                    widgets.add(GraphWidget.Builder.create().title(t.queue() + ": depth, in flight, DLQ")
                            .left(List.of(queue.metricApproximateNumberOfMessagesVisible(), queue.metricApproximateNumberOfMessagesNotVisible(),
                                    dlq.metricApproximateNumberOfMessagesVisible())).width(12).build());
                    widgets.add(GraphWidget.Builder.create().title(t.queue() + ": age of oldest message")
                            .left(List.of(queue.metricApproximateAgeOfOldestMessage())).width(12).build());
                }
            }
            Dashboard.Builder.create(this, Names.id(capability) + "Dashboard")
                    .dashboardName(Stack.of(this).getStackName() + "-" + capability)
                    .widgets(List.of(widgets)).build();
        }
    }
}
