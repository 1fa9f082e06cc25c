package dev.flywheel.dynamodb.expr;

import dev.flywheel.dynamodb.expr.Ast.*;
import dev.flywheel.dynamodb.expr.Lexer.Kind;
import dev.flywheel.dynamodb.expr.Lexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recursive-descent parser for DynamoDB's expression grammar (developer guide, "Condition and filter
 * expressions, operators, and functions" and "Update expressions"). Precedence, lowest first: OR, AND, NOT,
 * then comparisons, BETWEEN, IN and functions; parentheses group.
 */
final class Parser {
    private static final Set<String> COMPARATORS = Set.of("=", "<>", "<", "<=", ">", ">=");
    private static final Set<String> CONDITION_FUNCTIONS = Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains");
    private static final Set<String> OPERAND_FUNCTIONS = Set.of("size", "if_not_exists", "list_append");

    private final String source;
    private final ExpressionKind kind;
    private final Symbols symbols;
    private final List<Token> tokens;
    private int at;

    Parser(String source, ExpressionKind kind, Symbols symbols) {
        this.source = source;
        this.kind = kind;
        this.symbols = symbols;
        this.tokens = Lexer.tokens(source, kind);
    }

    // ---- conditions

    Condition condition() {
        Condition c = or();
        expectEnd();
        return c;
    }

    private Condition or() {
        Condition left = and();
        while (peek().isWord("OR")) {
            next();
            left = new Or(left, and());
        }
        return left;
    }

    private Condition and() {
        Condition left = not();
        while (peek().isWord("AND")) {
            next();
            left = new And(left, not());
        }
        return left;
    }

    private Condition not() {
        if (peek().isWord("NOT")) {
            next();
            return new Not(not());
        }
        return primary();
    }

    private Condition primary() {
        Token t = peek();
        if (t.is("(")) {
            next();
            Condition inner = or();
            expect(")");
            return inner;
        }
        if (t.kind() == Kind.NAME && peekAt(1).is("(") && CONDITION_FUNCTIONS.contains(t.text())) return function();
        Operand left = operand();
        Token op = peek();
        if (op.kind() == Kind.SYMBOL && COMPARATORS.contains(op.text())) {
            next();
            return new Comparison(op.text(), left, operand());
        }
        if (op.isWord("BETWEEN")) {
            next();
            Operand lower = operand();
            if (!peek().isWord("AND")) throw syntax(peek());
            next();
            return new Between(left, lower, operand());
        }
        if (op.isWord("IN")) {
            next();
            expect("(");
            List<Operand> candidates = new ArrayList<>();
            candidates.add(operand());
            while (peek().is(",")) {
                next();
                candidates.add(operand());
            }
            expect(")");
            if (candidates.size() > 100) throw ExpressionError.invalid(kind, "The IN operator is provided with too many operands; number of operands: " + candidates.size());
            return new In(left, candidates);
        }
        if (left instanceof Size) throw ExpressionError.invalid(kind, "The function is not allowed to be used this way in an expression; function: size");
        throw syntax(op);
    }

    private Condition function() {
        Token name = next();
        expect("(");
        Path path = path();
        Operand argument = null;
        switch (name.text()) {
            case "attribute_exists", "attribute_not_exists" -> {}
            default -> {
                expect(",");
                argument = operand();
            }
        }
        expect(")");
        return new Function(name.text(), path, argument);
    }

    /** An operand of a condition: a path, a value, or size(path). */
    private Operand operand() {
        Token t = peek();
        if (t.kind() == Kind.VALUE) {
            next();
            return symbols.value(t.text(), kind);
        }
        if (t.kind() == Kind.NAME && peekAt(1).is("(")) {
            if (t.text().equals("size")) {
                next();
                expect("(");
                Path path = path();
                expect(")");
                return new Size(path);
            }
            if (CONDITION_FUNCTIONS.contains(t.text()) || OPERAND_FUNCTIONS.contains(t.text())) {
                throw ExpressionError.invalid(kind, "The function is not allowed to be used this way in an expression; function: " + t.text());
            }
            throw ExpressionError.invalid(kind, "Invalid function name; function: " + t.text());
        }
        if (t.kind() == Kind.NAME || t.kind() == Kind.ALIAS) return new PathOperand(path());
        throw syntax(t);
    }

    // ---- paths and projections

    Path path() {
        List<Object> segments = new ArrayList<>();
        segments.add(name(next()));
        while (true) {
            Token t = peek();
            if (t.is(".")) {
                next();
                segments.add(name(next()));
            } else if (t.is("[")) {
                next();
                Token index = next();
                if (index.kind() != Kind.INDEX) throw syntax(index);
                try {
                    segments.add(Integer.parseInt(index.text()));
                } catch (NumberFormatException e) {
                    throw ExpressionError.invalid(kind, "List index is too large; index: " + index.text());
                }
                expect("]");
            } else {
                return new Path(segments);
            }
        }
    }

    private String name(Token t) {
        if (t.kind() == Kind.ALIAS) return symbols.name(t.text(), kind);
        if (t.kind() != Kind.NAME) throw syntax(t);
        if (ReservedWords.contains(t.text())) {
            throw ExpressionError.invalid(kind, "Attribute name is a reserved keyword; reserved keyword: " + t.text());
        }
        return t.text();
    }

    List<Path> projection() {
        List<Path> paths = new ArrayList<>();
        paths.add(path());
        while (peek().is(",")) {
            next();
            paths.add(path());
        }
        expectEnd();
        return paths;
    }

    // ---- updates

    Update update() {
        List<UpdateAction> actions = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        while (peek().kind() != Kind.END) {
            Token clause = next();
            String word = clause.kind() == Kind.NAME ? clause.text().toUpperCase(Locale.ROOT) : "";
            if (!Set.of("SET", "REMOVE", "ADD", "DELETE").contains(word)) throw syntax(clause);
            if (!seen.add(word)) throw ExpressionError.invalid(kind, "The \"" + word + "\" section can only be used once in an update expression;");
            do {
                actions.add(action(word));
            } while (peek().is(",") && next() != null);
        }
        if (actions.isEmpty()) throw syntax(peek());
        return new Update(actions);
    }

    private UpdateAction action(String clause) {
        Path path = path();
        switch (clause) {
            case "SET": {
                expect("=");
                Operand value = setOperand();
                if (peek().is("+") || peek().is("-")) {
                    char operator = next().text().charAt(0);
                    value = new Arithmetic(operator, value, setOperand());
                }
                return new SetAction(path, value);
            }
            case "REMOVE":
                return new RemoveAction(path);
            default: {
                Token t = next();
                if (t.kind() != Kind.VALUE) throw syntax(t);
                Literal value = symbols.value(t.text(), kind);
                return clause.equals("ADD") ? new AddAction(path, value) : new DeleteAction(path, value);
            }
        }
    }

    private Operand setOperand() {
        Token t = peek();
        if (t.kind() == Kind.VALUE) {
            next();
            return symbols.value(t.text(), kind);
        }
        if (t.kind() == Kind.NAME && peekAt(1).is("(")) {
            next();
            next();
            Operand result;
            if (t.text().equals("if_not_exists")) {
                Path path = path();
                expect(",");
                result = new IfNotExists(path, setOperand());
            } else if (t.text().equals("list_append")) {
                Operand first = setOperand();
                expect(",");
                result = new ListAppend(first, setOperand());
            } else if (CONDITION_FUNCTIONS.contains(t.text()) || t.text().equals("size")) {
                throw ExpressionError.invalid(kind, "The function is not allowed in an update expression; function: " + t.text());
            } else {
                throw ExpressionError.invalid(kind, "Invalid function name; function: " + t.text());
            }
            expect(")");
            return result;
        }
        return new PathOperand(path());
    }

    // ---- tokens

    private Token peek() { return tokens.get(at); }
    private Token peekAt(int ahead) { return tokens.get(Math.min(at + ahead, tokens.size() - 1)); }
    private Token next() {
        Token t = tokens.get(at);
        if (t.kind() != Kind.END) at++;
        return t;
    }

    private void expect(String symbol) {
        Token t = next();
        if (!t.is(symbol)) throw syntax(t);
    }

    private void expectEnd() {
        if (peek().kind() != Kind.END) throw syntax(peek());
    }

    private RuntimeException syntax(Token t) {
        return ExpressionError.syntax(kind, source, t.text(), t.offset());
    }
}
