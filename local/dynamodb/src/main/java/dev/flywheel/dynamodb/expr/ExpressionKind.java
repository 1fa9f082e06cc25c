package dev.flywheel.dynamodb.expr;

/** The request parameters an expression can come from; DynamoDB names them in its error messages. */
public enum ExpressionKind {
    CONDITION("ConditionExpression"),
    FILTER("FilterExpression"),
    KEY_CONDITION("KeyConditionExpression"),
    UPDATE("UpdateExpression"),
    PROJECTION("ProjectionExpression");

    private final String parameter;

    ExpressionKind(String parameter) { this.parameter = parameter; }

    public String parameter() { return parameter; }
}
