package dev.flywheel.dynamodb.expr;

import dev.flywheel.dynamodb.model.DynamoException;

/** The ValidationExceptions an expression can earn, worded as DynamoDB words them. */
final class ExpressionError {
    private ExpressionError() {}

    static DynamoException invalid(ExpressionKind kind, String detail) {
        return new DynamoException.Validation("Invalid " + kind.parameter() + ": " + detail);
    }

    /** DynamoDB's form: the offending token and the text around it (its position, in DynamoDB's words). */
    static DynamoException syntax(ExpressionKind kind, String source, String token, int offset) {
        int from = Math.max(0, offset - 10);
        int to = Math.min(source.length(), offset + Math.max(token.length(), 1) + 10);
        String near = source.substring(from, to).strip();
        return invalid(kind, "Syntax error; token: \"" + token + "\", near: \"" + near + "\"");
    }
}
