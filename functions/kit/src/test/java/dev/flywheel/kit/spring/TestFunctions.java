package dev.flywheel.kit.spring;

import dev.flywheel.kit.sqs.SqsBatchProcessor;
import dev.flywheel.kit.sqs.VisibilityControl;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A function app registered the kit's way, for driving FunctionInvoker in tests. */
@SpringBootConfiguration
public class TestFunctions implements ApplicationContextInitializer<GenericApplicationContext> {
    /** Ids of the envelopes the function has seen, in order. */
    public static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @Override
    public void initialize(GenericApplicationContext context) {
        FunctionRegistrar.on(context).sqs("recordEnvelopes", () -> {
            SqsBatchProcessor batch = new SqsBatchProcessor("test", messages -> List.of(), VisibilityControl.NONE, Clock.systemUTC());
            return event -> batch.process(event, (message, ctx) -> SEEN.add(message.id()));
        });
    }

}
