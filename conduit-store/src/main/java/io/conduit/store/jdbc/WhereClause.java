package io.conduit.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE terms of a search and their parameters, built filter by filter and bound in order.
 * Terms are portable SQL with {@code ?} placeholders; parameters are Strings, Longs or Integers.
 */
final class WhereClause {

    private final List<String> terms = new ArrayList<>();
    private final List<Object> parameters = new ArrayList<>();

    /** Adds a term with no parameter (a literal the planner must see, e.g. for a partial index). */
    WhereClause term(String term) {
        terms.add(term);
        return this;
    }

    /** Adds a term with one {@code ?} bound to {@code parameter}. */
    WhereClause term(String term, Object parameter) {
        terms.add(term);
        parameters.add(parameter);
        return this;
    }

    /**
     * The statement: {@code head}, the terms joined by AND, then {@code tail} whose single
     * {@code ?} (a LIMIT) is bound to {@code tailParameter}.
     */
    Statement statement(String head, String tail, int tailParameter) {
        StringBuilder sql = new StringBuilder(head);
        if (!terms.isEmpty()) {
            sql.append("\nWHERE ").append(String.join(" AND ", terms));
        }
        sql.append('\n').append(tail);
        List<Object> all = new ArrayList<>(parameters);
        all.add(tailParameter);
        return new Statement(sql.toString(), List.copyOf(all));
    }

    /** SQL text and its parameters, in order. */
    record Statement(String sql, List<Object> parameters) {

        void bind(PreparedStatement ps) throws SQLException {
            for (int i = 0; i < parameters.size(); i++) {
                Object p = parameters.get(i);
                if (p instanceof Long l) {
                    ps.setLong(i + 1, l);
                } else if (p instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else {
                    ps.setString(i + 1, (String) p);
                }
            }
        }
    }

    /** Escapes LIKE's wildcards so {@code text} matches literally ('!' is the escape character). */
    static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
