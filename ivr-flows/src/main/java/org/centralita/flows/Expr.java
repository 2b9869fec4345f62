package org.centralita.flows;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The small, safe expression language of {@code branch} and computed {@code set} values: variables, string
 * ({@code 'es'}) and number literals, {@code true}/{@code false}, comparisons ({@code == != < <= > >=}),
 * {@code and}/{@code or}/{@code not} (also {@code && || !}), {@code + -} and parentheses. No calls, no
 * scripting engine. Comparisons are numeric when both sides are numbers, textual otherwise; an unset variable is
 * {@code ""} (and 0 in arithmetic).
 */
public sealed interface Expr permits Expr.Lit, Expr.Var, Expr.Not, Expr.Neg, Expr.Bin {

    /** Evaluates the expression to a String, BigDecimal or Boolean. */
    Object eval(Vars vars);

    /** Evaluates the expression as a condition. */
    default boolean test(Vars vars) {
        return truthy(eval(vars));
    }

    /** Evaluates the expression as text (numbers without trailing zeros). */
    default String evalText(Vars vars) {
        Object v = eval(vars);
        return v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : v.toString();
    }

    /** A literal. */
    record Lit(Object value) implements Expr {
        @Override
        public Object eval(Vars vars) {
            return value;
        }
    }

    /** A variable reference. */
    record Var(String name) implements Expr {
        @Override
        public Object eval(Vars vars) {
            return vars.text(name);
        }
    }

    /** Logical not. */
    record Not(Expr operand) implements Expr {
        @Override
        public Object eval(Vars vars) {
            return !operand.test(vars);
        }
    }

    /** Arithmetic negation. */
    record Neg(Expr operand) implements Expr {
        @Override
        public Object eval(Vars vars) {
            return number(operand.eval(vars)).negate();
        }
    }

    /** A binary operator. */
    record Bin(String op, Expr left, Expr right) implements Expr {
        @Override
        public Object eval(Vars vars) {
            switch (op) {
                case "and":
                    return left.test(vars) && right.test(vars);
                case "or":
                    return left.test(vars) || right.test(vars);
                default:
                    break;
            }
            Object l = left.eval(vars);
            Object r = right.eval(vars);
            switch (op) {
                case "+":
                    if (isNumber(l, true) && isNumber(r, true)) {
                        return number(l).add(number(r));
                    }
                    return text(l) + text(r);
                case "-":
                    return number(l).subtract(number(r));
                default:
                    int c = compare(l, r);
                    switch (op) {
                        case "==":
                            return c == 0;
                        case "!=":
                            return c != 0;
                        case "<":
                            return c < 0;
                        case "<=":
                            return c <= 0;
                        case ">":
                            return c > 0;
                        case ">=":
                            return c >= 0;
                        default:
                            throw new FlowsException("unknown operator " + op);
                    }
            }
        }
    }

    private static int compare(Object l, Object r) {
        if (l instanceof Boolean || r instanceof Boolean) {
            return Boolean.compare(truthy(l), truthy(r));
        }
        if (isNumber(l, false) && isNumber(r, false)) {
            return number(l).compareTo(number(r));
        }
        return text(l).compareTo(text(r));
    }

    private static String text(Object v) {
        return v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : String.valueOf(v);
    }

    private static boolean isNumber(Object v, boolean emptyIsZero) {
        if (v instanceof BigDecimal) {
            return true;
        }
        if (v instanceof String s) {
            if (s.isEmpty()) {
                return emptyIsZero;
            }
            try {
                new BigDecimal(s);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    private static BigDecimal number(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        String s = v.toString();
        if (s.isEmpty()) {
            return BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new FlowsException("not a number: '" + s + "'");
        }
    }

    /** Returns the truth of a value: false, "", "false", "0" and 0 are false. */
    static boolean truthy(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof BigDecimal d) {
            return d.signum() != 0;
        }
        String s = Objects.toString(v, "");
        return !(s.isEmpty() || s.equals("false") || s.equals("0"));
    }

    /** A syntax error at a 0-based character offset of the source. */
    final class ParseException extends FlowsException {
        private static final long serialVersionUID = 1L;
        private final int offset;

        ParseException(String message, int offset) {
            super(message + " at character " + (offset + 1));
            this.offset = offset;
        }

        /** Returns the 0-based offset of the error. */
        public int offset() {
            return offset;
        }
    }

    /** Parses an expression. */
    static Expr parse(String source) {
        ExprParser p = new ExprParser(source);
        Expr e = p.or();
        p.skipSpaces();
        if (p.pos < source.length()) {
            throw new ParseException("unexpected '" + source.charAt(p.pos) + "'", p.pos);
        }
        return e;
    }

    /** Recursive-descent parser. */
    final class ExprParser {
        private final String s;
        private int pos;

        private ExprParser(String s) {
            this.s = Objects.requireNonNull(s, "source");
        }

        void skipSpaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private boolean word(String w) {
            skipSpaces();
            if (s.startsWith(w, pos)) {
                int end = pos + w.length();
                boolean alpha = Character.isLetter(w.charAt(0));
                if (!alpha || end >= s.length() || !isIdentPart(s.charAt(end))) {
                    pos = end;
                    return true;
                }
            }
            return false;
        }

        Expr or() {
            Expr e = and();
            while (word("or") || word("||")) {
                e = new Bin("or", e, and());
            }
            return e;
        }

        private Expr and() {
            Expr e = not();
            while (word("and") || word("&&")) {
                e = new Bin("and", e, not());
            }
            return e;
        }

        private Expr not() {
            skipSpaces();
            if (word("not") || (s.startsWith("!", pos) && !s.startsWith("!=", pos) && word("!"))) {
                return new Not(not());
            }
            return cmp();
        }

        private Expr cmp() {
            Expr e = sum();
            for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
                if (word(op)) {
                    return new Bin(op, e, sum());
                }
            }
            return e;
        }

        private Expr sum() {
            Expr e = unary();
            while (true) {
                if (word("+")) {
                    e = new Bin("+", e, unary());
                } else if (word("-")) {
                    e = new Bin("-", e, unary());
                } else {
                    return e;
                }
            }
        }

        private Expr unary() {
            if (word("-")) {
                return new Neg(unary());
            }
            return primary();
        }

        private Expr primary() {
            skipSpaces();
            if (pos >= s.length()) {
                throw new ParseException("expression ends too early", pos);
            }
            char c = s.charAt(pos);
            if (c == '(') {
                pos++;
                Expr e = or();
                if (!word(")")) {
                    throw new ParseException("missing ')'", pos);
                }
                return e;
            }
            if (c == '\'' || c == '"') {
                int start = pos;
                int end = s.indexOf(c, pos + 1);
                if (end < 0) {
                    throw new ParseException("unterminated string", start);
                }
                pos = end + 1;
                return new Lit(s.substring(start + 1, end));
            }
            if (Character.isDigit(c)) {
                int start = pos;
                while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                    pos++;
                }
                try {
                    return new Lit(new BigDecimal(s.substring(start, pos)));
                } catch (NumberFormatException e) {
                    throw new ParseException("bad number", start);
                }
            }
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < s.length() && isIdentPart(s.charAt(pos))) {
                    pos++;
                }
                String name = s.substring(start, pos);
                switch (name) {
                    case "true":
                        return new Lit(Boolean.TRUE);
                    case "false":
                        return new Lit(Boolean.FALSE);
                    case "and":
                    case "or":
                    case "not":
                        throw new ParseException("'" + name + "' needs an operand", start);
                    default:
                        return new Var(name);
                }
            }
            throw new ParseException("unexpected '" + c + "'", pos);
        }

        private static boolean isIdentPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '.';
        }
    }
}
