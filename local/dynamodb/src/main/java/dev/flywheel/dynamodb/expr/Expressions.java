package dev.flywheel.dynamodb.expr;

import dev.flywheel.dynamodb.expr.Ast.Condition;
import dev.flywheel.dynamodb.expr.Ast.Path;
import dev.flywheel.dynamodb.expr.Ast.Update;

import java.util.List;

/** Entry points: parse one expression of a request against the request's {@link Symbols}. */
public final class Expressions {
    private Expressions() {}

    public static Condition condition(String text, ExpressionKind kind, Symbols symbols) {
        return new Parser(nonEmpty(text, kind), kind, symbols).condition();
    }

    public static Update update(String text, Symbols symbols) {
        return new Parser(nonEmpty(text, ExpressionKind.UPDATE), ExpressionKind.UPDATE, symbols).update();
    }

    public static List<Path> projection(String text, Symbols symbols) {
        return new Parser(nonEmpty(text, ExpressionKind.PROJECTION), ExpressionKind.PROJECTION, symbols).projection();
    }

    private static String nonEmpty(String text, ExpressionKind kind) {
        if (text.isBlank()) throw ExpressionError.invalid(kind, "The expression can not be empty;");
        return text;
    }
}
