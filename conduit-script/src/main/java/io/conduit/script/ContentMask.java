package io.conduit.script;

import java.util.HashSet;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * Keeps message content out of the texts this module writes (error reasons, log lines) when those
 * texts are built from something a script computed.
 *
 * <p>A script's error or log text may quote values it read from the message: Rhino's own errors
 * do ({@code Cannot find function foo in object SMITH^EVE}), and so does a log format built by
 * concatenation. This mask replaces every word (a run of letters or digits, two or more long)
 * that occurs in the message but neither in the script's source nor in Rhino's own error texts
 * with {@code ***}. Words the script author wrote, such as segment names in
 * {@code "missing PID-3"}, and the words of Rhino's messages ({@code Cannot}, {@code find} …) stay
 * readable.
 *
 * <p>It is a safety net, not a guarantee: a value that the script cut into pieces shorter than a
 * word of the message (e.g. {@code substring(0, 3)}) is not recognised. Immutable and thread-safe.
 */
final class ContentMask {

    static final String MASK = "***";

    /** The words of Rhino's error message templates, read once from its resource bundle. */
    private static final Set<String> ENGINE_WORDS = engineWords();

    private final Set<String> sourceWords;

    ContentMask(String... sources) {
        Set<String> words = new HashSet<>(ENGINE_WORDS);
        for (String source : sources) {
            words.addAll(words(source));
        }
        this.sourceWords = Set.copyOf(words);
    }

    private static Set<String> engineWords() {
        Set<String> words = new HashSet<>();
        try {
            ResourceBundle bundle = ResourceBundle.getBundle("org.mozilla.javascript.resources.Messages", Locale.ROOT);
            for (String key : bundle.keySet()) {
                words.addAll(words(bundle.getString(key).replaceAll("\\{\\d+}", " ")));
            }
        } catch (MissingResourceException e) {
            // Without the templates more words are masked: less readable, never less safe.
        }
        return Set.copyOf(words);
    }

    /** {@code text} with every word of {@code messageText} that the sources do not hold masked. */
    String apply(String text, Set<String> messageWords) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int start = i;
            if (Character.isLetterOrDigit(text.charAt(i))) {
                while (i < text.length() && Character.isLetterOrDigit(text.charAt(i))) {
                    i++;
                }
                String word = text.substring(start, i);
                String key = word.toLowerCase(Locale.ROOT);
                boolean content = word.length() >= 2 && messageWords.contains(key) && !sourceWords.contains(key);
                out.append(content ? MASK : word);
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    /** The words of a text, lower-cased. */
    static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        int i = 0;
        while (i < text.length()) {
            if (Character.isLetterOrDigit(text.charAt(i))) {
                int start = i;
                while (i < text.length() && Character.isLetterOrDigit(text.charAt(i))) {
                    i++;
                }
                words.add(text.substring(start, i).toLowerCase(Locale.ROOT));
            } else {
                i++;
            }
        }
        return words;
    }
}
