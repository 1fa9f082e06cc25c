package dev.flywheel.dynamodb.expr;

import java.util.ArrayList;
import java.util.List;

/** Splits an expression into tokens; each keeps its offset, so syntax errors can say where they are. */
final class Lexer {
    enum Kind { NAME, ALIAS, VALUE, INDEX, SYMBOL, END }

    record Token(Kind kind, String text, int offset) {
        boolean is(String symbol) { return kind == Kind.SYMBOL && text.equals(symbol); }
        boolean isWord(String word) { return kind == Kind.NAME && text.equalsIgnoreCase(word); }
    }

    private Lexer() {}

    static List<Token> tokens(String source, ExpressionKind kind) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) { i++; continue; }
            int start = i;
            if (c == '#' || c == ':') {
                i++;
                while (i < n && isWordChar(source.charAt(i))) i++;
                if (i == start + 1) throw ExpressionError.syntax(kind, source, String.valueOf(c), start);
                tokens.add(new Token(c == '#' ? Kind.ALIAS : Kind.VALUE, source.substring(start, i), start));
            } else if (Character.isDigit(c)) {
                while (i < n && Character.isDigit(source.charAt(i))) i++;
                tokens.add(new Token(Kind.INDEX, source.substring(start, i), start));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < n && isWordChar(source.charAt(i))) i++;
                tokens.add(new Token(Kind.NAME, source.substring(start, i), start));
            } else if (c == '<' || c == '>') {
                i++;
                if (i < n && (source.charAt(i) == '=' || (c == '<' && source.charAt(i) == '>'))) i++;
                tokens.add(new Token(Kind.SYMBOL, source.substring(start, i), start));
            } else if ("=(),.[]+-".indexOf(c) >= 0) {
                i++;
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), start));
            } else {
                throw ExpressionError.syntax(kind, source, String.valueOf(c), start);
            }
        }
        tokens.add(new Token(Kind.END, "<EOF>", n));
        return tokens;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
