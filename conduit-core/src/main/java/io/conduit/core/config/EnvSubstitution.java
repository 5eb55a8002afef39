package io.conduit.core.config;

import java.util.function.Function;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in configuration values with environment
 * variables, so secrets stay out of config files. {@code $${} writes a literal {@code ${}.
 */
final class EnvSubstitution {

    private final Function<String, String> env;

    EnvSubstitution(Function<String, String> env) {
        this.env = env;
    }

    /**
     * @throws IllegalArgumentException naming the variable when it is unset and has no default,
     *                                  or when a reference is not closed
     */
    String apply(String value) {
        if (value.indexOf('$') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '$' && value.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && value.startsWith("${", i)) {
                int end = value.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("'${' is not closed by '}' (write '$${' for a literal '${')");
                }
                String ref = value.substring(i + 2, end);
                int sep = ref.indexOf(":-");
                String name = sep < 0 ? ref : ref.substring(0, sep);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("'" + name + "' is not a valid environment variable name");
                }
                String resolved = env.apply(name);
                if (resolved == null) {
                    if (sep < 0) {
                        throw new IllegalArgumentException("environment variable " + name
                                + " is not set (set it, or give a default with ${" + name + ":-value})");
                    }
                    resolved = ref.substring(sep + 2);
                }
                out.append(resolved);
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
