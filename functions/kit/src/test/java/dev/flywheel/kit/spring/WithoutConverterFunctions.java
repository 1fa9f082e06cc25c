package dev.flywheel.kit.spring;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.flywheel.kit.sqs.SqsBatchProcessor;
import dev.flywheel.kit.sqs.VisibilityControl;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.cloud.function.context.FunctionRegistration;
import org.springframework.cloud.function.context.catalog.FunctionTypeUtils;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * The SCF 5.0.1 trap, reproduced on purpose: a function registered without the AWS types message converter.
 * {@code SQSEvent.Records} then arrives null.
 */
@SpringBootConfiguration
public class WithoutConverterFunctions implements ApplicationContextInitializer<GenericApplicationContext> {
    /** How many records the function saw, or -1 when Records arrived null. */
    public static volatile int recordsSeen = -2;

    @Override
    public void initialize(GenericApplicationContext context) {
        SqsBatchProcessor batch = new SqsBatchProcessor("test", messages -> List.of(), VisibilityControl.NONE, Clock.systemUTC());
        Function<SQSEvent, SQSBatchResponse> fn = event -> {
            recordsSeen = event.getRecords() == null ? -1 : event.getRecords().size();
            return batch.process(event, (message, ctx) -> {});
        };
        context.registerBean("unprotected", FunctionRegistration.class, () -> new FunctionRegistration<>(fn, "unprotected")
                .type(FunctionTypeUtils.functionType(SQSEvent.class, SQSBatchResponse.class)));
    }
}
