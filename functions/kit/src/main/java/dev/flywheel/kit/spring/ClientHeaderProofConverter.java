package dev.flywheel.kit.spring;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Spring Cloud Function's AWS types converter, kept from a client's headers. {@code FunctionInvoker} copies an HTTP
 * request's headers into the message after its own flags, so a request with {@code aws-api-gateway: x} replaced
 * the flag the converter casts to a boolean: a ClassCastException, a 500 in the cloud for one header. A flag that is
 * not a boolean came from the client, and is dropped before the converter sees the message.
 */
final class ClientHeaderProofConverter implements SmartMessageConverter {
    /** The flags' names, package-private in {@code AWSLambdaUtils} (5.0.1). */
    static final String AWS_API_GATEWAY = "aws-api-gateway", AWS_EVENT = "aws-event";

    private final SmartMessageConverter converter;

    ClientHeaderProofConverter(SmartMessageConverter converter) {
        this.converter = converter;
    }

    @Override
    public Object fromMessage(Message<?> message, Class<?> targetClass) {
        return converter.fromMessage(withoutForgedFlags(message), targetClass);
    }

    @Override
    public Object fromMessage(Message<?> message, Class<?> targetClass, Object conversionHint) {
        return converter.fromMessage(withoutForgedFlags(message), targetClass, conversionHint);
    }

    @Override
    public Message<?> toMessage(Object payload, MessageHeaders headers) {
        return converter.toMessage(payload, headers);
    }

    @Override
    public Message<?> toMessage(Object payload, MessageHeaders headers, Object conversionHint) {
        return converter.toMessage(payload, headers, conversionHint);
    }

    static Message<?> withoutForgedFlags(Message<?> message) {
        boolean forgedGateway = forged(message.getHeaders().get(AWS_API_GATEWAY));
        boolean forgedEvent = forged(message.getHeaders().get(AWS_EVENT));
        if (!forgedGateway && !forgedEvent) return message;
        MessageBuilder<?> copy = MessageBuilder.fromMessage(message);
        if (forgedGateway) copy.removeHeader(AWS_API_GATEWAY);
        if (forgedEvent) copy.removeHeader(AWS_EVENT);
        return copy.build();
    }

    private static boolean forged(Object flag) {
        return flag != null && !(flag instanceof Boolean);
    }
}
