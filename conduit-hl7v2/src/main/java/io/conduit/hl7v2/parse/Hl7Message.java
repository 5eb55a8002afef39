package io.conduit.hl7v2.parse;

import io.conduit.core.datatype.MessageFormatException;
import io.conduit.core.datatype.ParsedMessage;
import io.conduit.core.message.Metadata;
import io.conduit.hl7v2.path.Hl7Path;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * An HL7 v2 message: the decoded text plus an index of segment boundaries. Fields, repetitions and
 * components are found on demand by scanning one segment, so reading a few routing fields costs a
 * few {@code indexOf} calls and no object tree.
 *
 * <p><b>Model.</b> {@code text} is decoded once from the received bytes, in the charset MSH-18
 * names (or the configured default). Segment {@code i} spans {@code [starts[i], ends[i])}; CR, LF
 * and CRLF all end a segment, and blank lines are skipped. The received bytes are kept, so
 * {@link #bytes()} of an unmodified message is byte-for-byte what arrived. {@link #with} builds a
 * new message whose text ends every segment with CR (and drops any byte-order mark).
 *
 * <p><b>Values.</b> {@link #get} decodes escape sequences when the addressed element is a plain
 * value. When it still holds lower-level delimiters (a field with components, say) it is returned
 * in wire form, delimiters and escape sequences as they stand, because decoding would make
 * {@code \S\} indistinguishable from a component separator. {@link #with} mirrors this: a value
 * containing lower-level delimiters is written as wire form, any other value is escaped. To write
 * a literal delimiter, address the deepest level (e.g. {@code PID-5.1.1}). The HL7 null {@code ""}
 * is a value like any other: {@code get} returns the two quote characters.
 *
 * <p>Immutable and thread-safe. Metadata is computed on first use and cached (a benign race: the
 * {@link Metadata} record is itself immutable).
 */
public final class Hl7Message implements ParsedMessage {

    /** The data type name. */
    public static final String DATA_TYPE = "hl7v2";

    private static final Set<String> KNOWN_VERSIONS =
            Set.of("2.1", "2.2", "2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.7.1", "2.8");

    /** Levels of an addressed element, deepest last. */
    private static final int FIELD = 0;
    private static final int REPETITION = 1;
    private static final int COMPONENT = 2;
    private static final int SUBCOMPONENT = 3;

    private final String text;
    private final int[] starts;
    private final int[] ends;
    private final int count;
    private final Delimiters delimiters;
    private final Charset charset;
    private final byte @Nullable [] original;
    /** Whether segments are laid out as {@code seg CR seg CR …} with nothing else: edits may splice in place. */
    private final boolean normalized;
    private @Nullable Metadata metadata;

    private Hl7Message(String text, int[] starts, int[] ends, int count, Delimiters delimiters, Charset charset,
            byte @Nullable [] original) {
        this.text = text;
        this.starts = starts;
        this.ends = ends;
        this.count = count;
        this.delimiters = delimiters;
        this.charset = charset;
        this.original = original;
        this.normalized = isNormalized(text, starts, ends, count);
    }

    // ---- reading ------------------------------------------------------------------------------

    /**
     * Reads a message and checks what an acknowledgement needs: MSH-9, MSH-10 and a known MSH-12.
     *
     * @param raw            the bytes as received (not copied: callers must not change them)
     * @param defaultCharset used when MSH-18 is empty or names a charset this JVM lacks
     * @throws MessageFormatException {@code REJECTED} when the structure or delimiters cannot be read
     *                                or the version is not 2.1 to 2.8.x; {@code INVALID} when MSH-9,
     *                                MSH-10 or MSH-12 is missing
     */
    public static Hl7Message parse(byte[] raw, Charset defaultCharset) throws MessageFormatException {
        Hl7Message message = read(raw, defaultCharset);
        message.checkHeader();
        return message;
    }

    /**
     * Reads a message's structure only: an MSH segment with valid delimiters. Used to answer
     * messages that fail the header checks of {@link #parse}.
     *
     * @throws MessageFormatException ({@code REJECTED}) when there is no readable MSH segment
     */
    public static Hl7Message read(byte[] raw, Charset defaultCharset) throws MessageFormatException {
        Charset utf16 = utf16(raw);
        if (utf16 != null) {
            String all = new String(raw, utf16);
            int start = 0;
            while (start < all.length() && (all.charAt(start) == '\uFEFF' || Character.isWhitespace(all.charAt(start)))) {
                start++;
            }
            String text = all.substring(start);
            return index(text, delimiters(text), utf16, raw);
        }
        int offset = skipPreamble(raw);
        if (raw.length - offset < 3 || raw[offset] != 'M' || raw[offset + 1] != 'S' || raw[offset + 2] != 'H') {
            throw rejected("the content does not start with an MSH segment", "MSH", Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR);
        }
        String header = new String(raw, offset, Math.min(10, raw.length - offset), StandardCharsets.ISO_8859_1);
        Delimiters delimiters = delimiters(header);
        Charset charset = declaredCharset(raw, offset, delimiters);
        String text = new String(raw, offset, raw.length - offset, charset == null ? defaultCharset : charset);
        return index(text, delimiters, charset == null ? defaultCharset : charset, raw);
    }

    private static @Nullable Charset utf16(byte[] raw) {
        if (raw.length < 4) {
            return null;
        }
        if ((raw[0] == (byte) 0xFE && raw[1] == (byte) 0xFF) || (raw[0] == 0 && raw[1] == 'M' && raw[2] == 0 && raw[3] == 'S')) {
            return StandardCharsets.UTF_16BE;
        }
        if ((raw[0] == (byte) 0xFF && raw[1] == (byte) 0xFE) || (raw[0] == 'M' && raw[1] == 0 && raw[2] == 'S' && raw[3] == 0)) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    /** Skips a UTF-8 byte-order mark and whitespace before MSH. */
    private static int skipPreamble(byte[] raw) {
        int i = 0;
        if (raw.length >= 3 && raw[0] == (byte) 0xEF && raw[1] == (byte) 0xBB && raw[2] == (byte) 0xBF) {
            i = 3;
        }
        while (i < raw.length && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\r' || raw[i] == '\n')) {
            i++;
        }
        return i;
    }

    /** MSH-1 and MSH-2 from the start of {@code s}, which begins with {@code MSH}. */
    private static Delimiters delimiters(String s) throws MessageFormatException {
        if (!s.startsWith("MSH") || s.length() < 8) {
            throw rejected("the content does not start with an MSH segment", "MSH", Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR);
        }
        char field = s.charAt(3);
        if (!isDelimiterCandidate(field)) {
            throw rejected("MSH-1 is not a valid field separator", "MSH-1", Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR);
        }
        int end = 4;
        while (end < s.length() && end < 10 && s.charAt(end) != field && s.charAt(end) != '\r' && s.charAt(end) != '\n') {
            end++;
        }
        int n = end - 4;
        if (n < 4 || n > 5 || end >= s.length() || s.charAt(end) != field) {
            throw rejected("MSH-2 must hold 4 or 5 encoding characters followed by the field separator", "MSH-2",
                    Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR);
        }
        for (int i = 4; i < end; i++) {
            char c = s.charAt(i);
            if (!isDelimiterCandidate(c) || s.indexOf(c, 3, i) >= 0) {
                throw rejected("MSH-2 encoding characters must be distinct punctuation characters", "MSH-2",
                        Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR);
            }
        }
        return new Delimiters(field, s.charAt(4), s.charAt(5), s.charAt(6), s.charAt(7), n == 5 ? s.charAt(8) : Delimiters.NONE);
    }

    private static boolean isDelimiterCandidate(char c) {
        return c > ' ' && c < 0x7F && !Character.isLetterOrDigit(c);
    }

    /** MSH-18 (first repetition), read from the ASCII-compatible header bytes before decoding. */
    private static @Nullable Charset declaredCharset(byte[] raw, int offset, Delimiters d) {
        int separators = 0;
        int i = offset + 3;
        for (; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '\r' || b == '\n') {
                return null;
            }
            if (b == d.field() && ++separators == 17) {
                break;
            }
        }
        int start = i + 1;
        int end = start;
        while (end < raw.length && raw[end] != d.field() && raw[end] != d.repetition() && raw[end] != '\r' && raw[end] != '\n') {
            end++;
        }
        if (end <= start) {
            return null;
        }
        return Hl7Charsets.forHl7Name(new String(raw, start, end - start, StandardCharsets.ISO_8859_1)).orElse(null);
    }

    /** Indexes segment boundaries: CR, LF and CRLF end a segment; blank lines are skipped. */
    private static Hl7Message index(String text, Delimiters delimiters, Charset charset, byte @Nullable [] original) {
        int[] starts = new int[32];
        int[] ends = new int[32];
        int n = 0;
        int len = text.length();
        int nextCr = text.indexOf('\r');
        int nextLf = text.indexOf('\n');
        int pos = 0;
        while (pos < len) {
            // Remember the next CR and LF: rescanning for a terminator the text lacks would be quadratic.
            if (nextCr >= 0 && nextCr < pos) {
                nextCr = text.indexOf('\r', pos);
            }
            if (nextLf >= 0 && nextLf < pos) {
                nextLf = text.indexOf('\n', pos);
            }
            int end = nextCr < 0 ? (nextLf < 0 ? len : nextLf) : (nextLf < 0 ? nextCr : Math.min(nextCr, nextLf));
            if (end > pos && !isBlank(text, pos, end)) {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                    ends = Arrays.copyOf(ends, n * 2);
                }
                starts[n] = pos;
                ends[n] = end;
                n++;
            }
            pos = end + 1;
        }
        return new Hl7Message(text, starts, ends, n, delimiters, charset, original);
    }

    private static boolean isNormalized(String text, int[] starts, int[] ends, int count) {
        if (count == 0 || starts[0] != 0) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            int end = ends[i];
            if (end >= text.length() || text.charAt(end) != '\r') {
                return false;
            }
            if (i + 1 < count ? starts[i + 1] != end + 1 : end + 1 != text.length()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(String text, int from, int to) {
        if (!Character.isWhitespace(text.charAt(from))) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private void checkHeader() throws MessageFormatException {
        requireHeaderField(9);
        requireHeaderField(10);
        requireHeaderField(12);
        String version = version();
        if (!isKnownVersion(version)) {
            throw new MessageFormatException(MessageFormatException.Kind.REJECTED,
                    "MSH-12 version " + (version.matches("[0-9.]{1,8}") ? "'" + version + "' " : "")
                            + "is not supported; expected 2.1 to 2.8.x",
                    "MSH-12", Hl7ErrorCode.UNSUPPORTED_VERSION_ID.code());
        }
    }

    private void requireHeaderField(int field) throws MessageFormatException {
        if (value(0, field, 1, 1, Hl7Path.UNSET) == null) {
            throw new MessageFormatException(MessageFormatException.Kind.INVALID, "required field MSH-" + field + " is empty",
                    "MSH-" + field, Hl7ErrorCode.REQUIRED_FIELD_MISSING.code());
        }
    }

    /** Whether {@code version} is one of 2.1 to 2.8.x. */
    public static boolean isKnownVersion(String version) {
        if (KNOWN_VERSIONS.contains(version)) {
            return true;
        }
        if (!version.startsWith("2.8.") || version.length() == 4) {
            return false;
        }
        for (int i = 4; i < version.length(); i++) {
            if (!Character.isDigit(version.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static MessageFormatException rejected(String message, String location, Hl7ErrorCode code) {
        return new MessageFormatException(MessageFormatException.Kind.REJECTED, message, location, code.code());
    }

    // ---- ParsedMessage ------------------------------------------------------------------------

    @Override
    public String dataType() {
        return DATA_TYPE;
    }

    /** The received bytes when unmodified (a copy), else the text encoded in {@link #charset()}. */
    @Override
    public byte[] bytes() {
        return original != null ? original.clone() : text.getBytes(charset);
    }

    @Override
    public Charset charset() {
        return charset;
    }

    /** The delimiters this message declares in MSH-1 and MSH-2. */
    public Delimiters delimiters() {
        return delimiters;
    }

    /** Whether this message is exactly what was received (no {@link #with} applied). */
    public boolean isUnmodified() {
        return original != null;
    }

    /** The decoded message text from MSH on, in wire form (may contain PHI: never log it). */
    public String encodedText() {
        return text;
    }

    /** MSH-12 component 1, e.g. {@code 2.5.1}; empty text when absent. */
    public String version() {
        String v = value(0, 12, 1, 1, Hl7Path.UNSET);
        return v == null ? "" : v;
    }

    /** Number of segments. */
    public int segmentCount() {
        return count;
    }

    /** The text of one segment (0-based, in wire form, without its terminator). */
    public String segment(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("segment " + index + " of " + count);
        }
        return text.substring(starts[index], ends[index]);
    }

    /** The id of segment {@code index} (0-based), e.g. {@code PID}. */
    public String segmentName(int index) {
        int start = starts[index];
        int end = text.indexOf(delimiters.field(), start, ends[index]);
        return text.substring(start, end < 0 ? ends[index] : end);
    }

    /**
     * Field {@code field} of segment {@code index} (0-based) in wire form, or empty text when the
     * segment has no such field. MSH fields are numbered as the standard does (MSH-1 = separator).
     */
    public String field(int index, int field) {
        long range = fieldRange(index, field);
        return range < 0 ? "" : text.substring(start(range), end(range));
    }

    /**
     * Metadata for routing and search (keys of {@link Metadata}). HD fields (MSH-3 to MSH-6) give
     * their namespace id, or the universal id when the namespace id is empty. The message type is
     * {@code MSH-9.1^MSH-9.2} ({@code ACK} alone without a trigger), the patient id is
     * {@code PID-3[1].1} and the name {@code family^given} from {@code PID-5[1]}.
     */
    @Override
    public Metadata metadata() {
        Metadata m = metadata;
        if (m == null) {
            m = extractMetadata();
            metadata = m;
        }
        return m;
    }

    private Metadata extractMetadata() {
        Metadata.Builder b = Metadata.builder()
                .put(Metadata.MESSAGE_TYPE, messageType())
                .put(Metadata.CONTROL_ID, value(0, 10, 1, Hl7Path.UNSET, Hl7Path.UNSET))
                .put(Metadata.VERSION, value(0, 12, 1, 1, Hl7Path.UNSET))
                .put(Metadata.SENDING_APPLICATION, hierarchicDesignator(3))
                .put(Metadata.SENDING_FACILITY, hierarchicDesignator(4))
                .put(Metadata.RECEIVING_APPLICATION, hierarchicDesignator(5))
                .put(Metadata.RECEIVING_FACILITY, hierarchicDesignator(6))
                .put(Metadata.MESSAGE_DATE_TIME, value(0, 7, 1, 1, Hl7Path.UNSET));
        int pid = segmentIndex("PID", 1);
        if (pid >= 0) {
            b.put(Metadata.PATIENT_ID, value(pid, 3, 1, 1, Hl7Path.UNSET));
            String family = value(pid, 5, 1, 1, 1);
            String given = value(pid, 5, 1, 2, Hl7Path.UNSET);
            if (given != null) {
                b.put(Metadata.PATIENT_NAME, (family == null ? "" : family) + "^" + given);
            } else {
                b.put(Metadata.PATIENT_NAME, family);
            }
        }
        return b.build();
    }

    private @Nullable String messageType() {
        String type = value(0, 9, 1, 1, Hl7Path.UNSET);
        String trigger = value(0, 9, 1, 2, Hl7Path.UNSET);
        if (type == null) {
            return null;
        }
        return trigger == null ? type : type + "^" + trigger;
    }

    private @Nullable String hierarchicDesignator(int field) {
        String namespace = value(0, field, 1, 1, Hl7Path.UNSET);
        return namespace != null ? namespace : value(0, field, 1, 2, Hl7Path.UNSET);
    }

    @Override
    public Optional<String> get(String path) {
        Hl7Path p = Hl7Path.parse(path);
        if (p.hasWildcard()) {
            throw new IllegalArgumentException("path '" + path + "' has a wildcard; use getAll for [*]");
        }
        int seg = segmentIndex(p.segment(), p.occurrenceOrFirst());
        if (seg < 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(value(seg, p.field(), p.repetition(), p.component(), p.subcomponent()));
    }

    /**
     * Every value a wildcard path matches: one entry per matched segment occurrence (and per
     * repetition for {@code [*]} on a field), empty text where that element holds no value. A path
     * without wildcards gives at most one entry.
     *
     * @throws IllegalArgumentException when {@code path} is not a valid HL7 v2 path
     */
    @Override
    public List<String> getAll(String path) {
        Hl7Path p = Hl7Path.parse(path);
        List<String> result = new ArrayList<>();
        forEachMatch(p, (seg, occurrence, rep) -> {
            String v = value(seg, p.field(), rep, p.component(), p.subcomponent());
            result.add(v == null ? "" : v);
        });
        return result;
    }

    /** Receives each element a path matches: its segment index, occurrence and repetition. */
    @FunctionalInterface
    private interface MatchVisitor {
        void visit(int seg, int occurrence, int repetition);
    }

    /**
     * Visits the elements {@code p} matches in document order: every occurrence of its segment
     * for {@code [*]} (else the one it names), and every repetition for a field {@code [*]} (else
     * the repetition as given, possibly unset).
     */
    private void forEachMatch(Hl7Path p, MatchVisitor visitor) {
        int occurrence = 0;
        for (int seg = 0; seg < count; seg++) {
            if (!isSegment(seg, p.segment())) {
                continue;
            }
            occurrence++;
            if (p.occurrence() != Hl7Path.ANY && occurrence != p.occurrenceOrFirst()) {
                continue;
            }
            if (p.repetition() == Hl7Path.ANY) {
                int reps = repetitionCount(seg, p.field());
                for (int rep = 1; rep <= reps; rep++) {
                    visitor.visit(seg, occurrence, rep);
                }
            } else {
                visitor.visit(seg, occurrence, p.repetition());
            }
        }
    }

    /**
     * The concrete paths a wildcard path matches: {@code OBX[*]-5} gives {@code OBX[1]-5},
     * {@code OBX[2]-5} … for the OBX segments present; {@code PID-3[*]} one path per repetition.
     */
    @Override
    public List<String> paths(String path) {
        Hl7Path p = Hl7Path.parse(path);
        if (!p.hasWildcard()) {
            return List.of(path);
        }
        List<String> result = new ArrayList<>();
        forEachMatch(p, (seg, occurrence, rep) ->
                result.add(p.withIndexes(p.occurrence() == Hl7Path.ANY ? occurrence : p.occurrence(), rep).toString()));
        return result;
    }

    /**
     * A segment id ({@code OBX}) counts those segments; a field path ({@code PID-3},
     * {@code OBX[2]-5}) counts the repetitions of that field.
     */
    @Override
    public int count(String path) {
        if (Hl7Path.isSegmentId(path)) {
            int n = 0;
            for (int i = 0; i < count; i++) {
                if (isSegment(i, path)) {
                    n++;
                }
            }
            return n;
        }
        Hl7Path p = Hl7Path.parse(path);
        if (p.hasWildcard()) {
            throw new IllegalArgumentException("count takes a segment id (OBX) or one field (PID-3), not a wildcard path");
        }
        int seg = segmentIndex(p.segment(), p.occurrenceOrFirst());
        return seg < 0 ? 0 : repetitionCount(seg, p.field());
    }

    /**
     * A segment id removes segments: {@code NTE} every NTE, {@code NTE[2]} the second (MSH cannot
     * be removed). A field, component or wildcard path empties what it names.
     */
    @Override
    public Hl7Message without(String path) {
        SegmentSelector selector = SegmentSelector.parse(path);
        if (selector == null) {
            Hl7Message current = this;
            for (String concrete : paths(path)) {
                if (current.get(concrete).isPresent()) {
                    current = current.with(concrete, "");
                }
            }
            return current;
        }
        if (selector.name().equals("MSH")) {
            throw new IllegalArgumentException("the MSH segment cannot be removed");
        }
        StringBuilder sb = new StringBuilder(text.length());
        int occurrence = 0;
        boolean removed = false;
        for (int i = 0; i < count; i++) {
            if (isSegment(i, selector.name())) {
                occurrence++;
                if (selector.occurrence() == 0 || selector.occurrence() == occurrence) {
                    removed = true;
                    continue;
                }
            }
            sb.append(text, starts[i], ends[i]).append('\r');
        }
        return removed ? index(sb.toString(), delimiters, charset, null) : this;
    }

    /**
     * A copy with {@code segment} (one segment in this message's delimiters, e.g.
     * {@code ZPI|1|VIP}) inserted after the last segment named {@code after}, or at the end when
     * there is none (or {@code after} is null).
     *
     * @throws IllegalArgumentException when {@code segment} does not start with a segment id or
     *                                  holds a line break
     */
    public Hl7Message withSegment(String segment, @Nullable String after) {
        if (segment.length() < 3 || !Hl7Path.isSegmentId(segment.substring(0, 3))
                || segment.length() > 3 && segment.charAt(3) != delimiters.field()) {
            throw new IllegalArgumentException("a new segment must start with its id and a field separator, e.g. ZPI"
                    + delimiters.field() + "1");
        }
        if (segment.indexOf('\r') >= 0 || segment.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a new segment must be one line");
        }
        int insertAfter = count - 1;
        if (after != null) {
            for (int i = count - 1; i >= 0; i--) {
                if (isSegment(i, after)) {
                    insertAfter = i;
                    break;
                }
            }
        }
        StringBuilder sb = new StringBuilder(text.length() + segment.length() + 2);
        for (int i = 0; i < count; i++) {
            sb.append(text, starts[i], ends[i]).append('\r');
            if (i == insertAfter) {
                sb.append(segment).append('\r');
            }
        }
        return index(sb.toString(), delimiters, charset, null);
    }

    /** Whether {@code path} names whole segments ({@code NTE}, {@code NTE[2]}) rather than an element. */
    public static boolean isSegmentSelector(String path) {
        return SegmentSelector.parse(path) != null;
    }

    /** A path that names whole segments: {@code NTE} or {@code NTE[2]}; null for element paths. */
    private record SegmentSelector(String name, int occurrence) {
        static @Nullable SegmentSelector parse(String path) {
            if (path.length() == 3 && Hl7Path.isSegmentId(path)) {
                return new SegmentSelector(path, 0);
            }
            if (path.length() > 5 && path.charAt(3) == '[' && path.endsWith("]") && Hl7Path.isSegmentId(path.substring(0, 3))) {
                String number = path.substring(4, path.length() - 1);
                if (number.matches("[1-9][0-9]{0,5}")) {
                    return new SegmentSelector(path.substring(0, 3), Integer.parseInt(number));
                }
            }
            return null;
        }
    }

    private int repetitionCount(int seg, int field) {
        long range = fieldRange(seg, field);
        if (range < 0 || start(range) == end(range)) {
            return 0;
        }
        if (isMsh(seg) && field <= 2) {
            return 1;
        }
        int reps = 1;
        int p = start(range);
        while ((p = text.indexOf(delimiters.repetition(), p, end(range))) >= 0) {
            reps++;
            p++;
        }
        return reps;
    }

    // ---- element lookup -----------------------------------------------------------------------

    /** The index of the {@code occurrence}-th (1-based) segment named {@code name}, or -1. */
    private int segmentIndex(String name, int occurrence) {
        int seen = 0;
        for (int i = 0; i < count; i++) {
            if (isSegment(i, name) && ++seen == occurrence) {
                return i;
            }
        }
        return -1;
    }

    private boolean isSegment(int i, String name) {
        int start = starts[i];
        return text.startsWith(name, start)
                && (ends[i] - start == name.length() || text.charAt(start + name.length()) == delimiters.field());
    }

    private boolean isMsh(int seg) {
        return seg == 0;
    }

    /**
     * The value of one element, as {@link #get} defines it, or null when absent or empty. An unset
     * repetition with no component addresses the whole field.
     */
    private @Nullable String value(int seg, int field, int repetition, int component, int subcomponent) {
        long range = fieldRange(seg, field);
        if (range < 0) {
            return null;
        }
        if (isMsh(seg) && field <= 2) {
            // MSH-1 and MSH-2 are the delimiters themselves: atomic, never split or unescaped.
            boolean first = repetition <= 1 && component <= 1 && subcomponent <= 1;
            return first ? text.substring(start(range), end(range)) : null;
        }
        int level = FIELD;
        if (repetition != Hl7Path.UNSET || component != Hl7Path.UNSET) {
            range = piece(range, delimiters.repetition(), repetition == Hl7Path.UNSET ? 1 : repetition);
            level = REPETITION;
            if (range >= 0 && component != Hl7Path.UNSET) {
                range = piece(range, delimiters.component(), component);
                level = COMPONENT;
                if (range >= 0 && subcomponent != Hl7Path.UNSET) {
                    range = piece(range, delimiters.subcomponent(), subcomponent);
                    level = SUBCOMPONENT;
                }
            }
        }
        if (range < 0 || start(range) == end(range)) {
            return null;
        }
        String raw = text.substring(start(range), end(range));
        return holdsLowerDelimiters(raw, level) ? raw : Escaping.unescape(raw, delimiters, charset);
    }

    private boolean holdsLowerDelimiters(String raw, int level) {
        return switch (level) {
            case FIELD -> raw.indexOf(delimiters.repetition()) >= 0 || raw.indexOf(delimiters.component()) >= 0
                    || raw.indexOf(delimiters.subcomponent()) >= 0;
            case REPETITION -> raw.indexOf(delimiters.component()) >= 0 || raw.indexOf(delimiters.subcomponent()) >= 0;
            case COMPONENT -> raw.indexOf(delimiters.subcomponent()) >= 0;
            default -> false;
        };
    }

    /** Packed {@code [start, end)} of a field of a segment, or -1 when the segment has no such field. */
    private long fieldRange(int seg, int field) {
        int start = starts[seg];
        int end = ends[seg];
        char sep = delimiters.field();
        int at;
        int skip;
        if (isMsh(seg)) {
            if (field == 1) {
                return pack(start + 3, start + 4);
            }
            at = start + 3;
            skip = field - 2;
        } else {
            at = text.indexOf(sep, start, end);
            if (at < 0) {
                return -1;
            }
            skip = field - 1;
        }
        for (int i = 0; i < skip; i++) {
            at = text.indexOf(sep, at + 1, end);
            if (at < 0) {
                return -1;
            }
        }
        int next = text.indexOf(sep, at + 1, end);
        return pack(at + 1, next < 0 ? end : next);
    }

    /** Packed range of the {@code index}-th (1-based) piece of {@code range} split at {@code sep}, or -1. */
    private long piece(long range, char sep, int index) {
        int p = start(range);
        int to = end(range);
        for (int i = 1; i < index; i++) {
            int q = text.indexOf(sep, p, to);
            if (q < 0) {
                return -1;
            }
            p = q + 1;
        }
        int q = text.indexOf(sep, p, to);
        return pack(p, q < 0 ? to : q);
    }

    private static long pack(int start, int end) {
        return ((long) start << 32) | end;
    }

    private static int start(long range) {
        return (int) (range >>> 32);
    }

    private static int end(long range) {
        return (int) range;
    }

    // ---- writing ------------------------------------------------------------------------------

    @Override
    public boolean holdsStructure(String path) {
        Hl7Path p = Hl7Path.parse(path);
        int seg = segmentIndex(p.segment(), p.occurrenceOrFirst());
        if (seg < 0 || isMsh(seg) && p.field() <= 2) {
            return false;
        }
        String v = value(seg, p.field(), p.repetition(), p.component(), p.subcomponent());
        if (v == null) {
            return false;
        }
        int level = p.subcomponent() != Hl7Path.UNSET ? SUBCOMPONENT : p.component() != Hl7Path.UNSET ? COMPONENT
                : p.repetition() != Hl7Path.UNSET ? REPETITION : FIELD;
        long range = fieldRange(seg, p.field());
        if (level != FIELD) {
            range = piece(range, delimiters.repetition(), p.repetition() == Hl7Path.UNSET ? 1 : p.repetition());
            if (level >= COMPONENT && range >= 0) {
                range = piece(range, delimiters.component(), p.component());
            }
            if (level == SUBCOMPONENT && range >= 0) {
                range = piece(range, delimiters.subcomponent(), p.subcomponent());
            }
        }
        return range >= 0 && holdsLowerDelimiters(text.substring(start(range), end(range)), level);
    }

    /** Escapes every delimiter in {@code text}: it is written as one literal value. */
    @Override
    public Hl7Message withText(String path, String text) {
        return with(path, Escaping.escape(text, delimiters, Escaping.LEAF), true);
    }

    /**
     * A copy with {@code value} at {@code path}, creating missing segments (appended at the end),
     * fields, repetitions and components. See the class description for how values are escaped.
     *
     * @throws IllegalArgumentException when the path is invalid, has a wildcard, or names MSH-1 or
     *                                  MSH-2 (changing delimiters is not supported)
     */
    @Override
    public Hl7Message with(String path, String value) {
        return with(path, value, false);
    }

    /** @param encoded whether {@code value} is already in wire form (escaped), to be written as it is */
    private Hl7Message with(String path, String value, boolean encoded) {
        Hl7Path p = Hl7Path.parse(path);
        if (p.hasWildcard()) {
            throw new IllegalArgumentException("path '" + path + "' has a wildcard; with() sets one element");
        }
        boolean msh = p.segment().equals("MSH");
        if (msh && p.field() <= 2) {
            throw new IllegalArgumentException("MSH-1 and MSH-2 hold the delimiters and cannot be set with a path");
        }
        if (msh && p.occurrenceOrFirst() != 1) {
            throw new IllegalArgumentException("a message has exactly one MSH segment; path '" + path + "' names another");
        }
        int target = segmentIndex(p.segment(), p.occurrenceOrFirst());
        Charset newCharset = charset;
        if (msh && p.field() == 18) {
            int rep = value.indexOf(delimiters.repetition());
            String declared = rep < 0 ? value : value.substring(0, rep);
            newCharset = Hl7Charsets.forHl7Name(declared).orElse(charset);
        }
        if (normalized && target >= 0) {
            return splice(target, setIn(text.substring(starts[target], ends[target]), p, msh, value, encoded), newCharset);
        }
        StringBuilder sb = new StringBuilder(text.length() + value.length() + 16);
        for (int i = 0; i < count; i++) {
            String segment = text.substring(starts[i], ends[i]);
            sb.append(i == target ? setIn(segment, p, msh, value, encoded) : segment).append('\r');
        }
        if (target < 0) {
            int existing = 0;
            for (int i = 0; i < count; i++) {
                if (isSegment(i, p.segment())) {
                    existing++;
                }
            }
            for (int i = existing + 1; i < p.occurrenceOrFirst(); i++) {
                sb.append(p.segment()).append('\r');
            }
            sb.append(setIn(p.segment(), p, false, value, encoded)).append('\r');
        }
        return index(sb.toString(), delimiters, newCharset, null);
    }

    /**
     * Replaces one segment's text without re-indexing: the other segments' bounds shift by the
     * length difference. Steps edit one element at a time, so this keeps a step's cost to one copy
     * of the text.
     */
    private Hl7Message splice(int target, String updated, Charset newCharset) {
        int delta = updated.length() - (ends[target] - starts[target]);
        String newText = new StringBuilder(text.length() + delta)
                .append(text, 0, starts[target]).append(updated).append(text, ends[target], text.length()).toString();
        int[] newStarts = Arrays.copyOf(starts, count);
        int[] newEnds = Arrays.copyOf(ends, count);
        newEnds[target] += delta;
        for (int i = target + 1; i < count; i++) {
            newStarts[i] += delta;
            newEnds[i] += delta;
        }
        return new Hl7Message(newText, newStarts, newEnds, count, delimiters, newCharset, null);
    }

    private String setIn(String segment, Hl7Path p, boolean msh, String value, boolean encoded) {
        int fieldPiece = msh ? p.field() - 1 : p.field();
        return replacePiece(segment, delimiters.field(), fieldPiece, field -> setInField(field, p, value, encoded));
    }

    private String setInField(String field, Hl7Path p, String value, boolean encoded) {
        if (p.repetition() == Hl7Path.UNSET && p.component() == Hl7Path.UNSET) {
            return encoded ? value : encode(value, FIELD);
        }
        int rep = p.repetition() == Hl7Path.UNSET ? 1 : p.repetition();
        return replacePiece(field, delimiters.repetition(), rep - 1, repetition -> {
            if (p.component() == Hl7Path.UNSET) {
                return encoded ? value : encode(value, REPETITION);
            }
            return replacePiece(repetition, delimiters.component(), p.component() - 1, component -> {
                if (p.subcomponent() == Hl7Path.UNSET) {
                    return encoded ? value : encode(value, COMPONENT);
                }
                return replacePiece(component, delimiters.subcomponent(), p.subcomponent() - 1, sub -> encoded ? value : encode(value, SUBCOMPONENT));
            });
        });
    }

    /** Wire form for a value written at {@code level}: see the class description. */
    private String encode(String value, int level) {
        if (!holdsLowerDelimiters(value, level)) {
            return Escaping.escape(value, delimiters, Escaping.LEAF);
        }
        int keep = Escaping.KEEP_ESCAPES | Escaping.KEEP_SUBCOMPONENT;
        if (level <= REPETITION) {
            keep |= Escaping.KEEP_COMPONENT;
        }
        if (level == FIELD) {
            keep |= Escaping.KEEP_REPETITION;
        }
        return Escaping.escape(value, delimiters, keep);
    }

    /** Replaces the {@code index}-th (0-based) piece of {@code container}, padding with separators. */
    private static String replacePiece(String container, char sep, int index, UnaryOperator<String> replace) {
        int start = 0;
        for (int i = 0; i < index; i++) {
            int next = container.indexOf(sep, start);
            if (next < 0) {
                StringBuilder sb = new StringBuilder(container);
                for (int j = i; j < index; j++) {
                    sb.append(sep);
                }
                return sb.append(replace.apply("")).toString();
            }
            start = next + 1;
        }
        int end = container.indexOf(sep, start);
        if (end < 0) {
            end = container.length();
        }
        return container.substring(0, start) + replace.apply(container.substring(start, end)) + container.substring(end);
    }

    /** Identifies the message without its content (safe to log): type, control id, version, size. */
    @Override
    public String toString() {
        Metadata m = metadata();
        return "Hl7Message[" + m.get(Metadata.MESSAGE_TYPE).orElse("?") + ", controlId=" + m.get(Metadata.CONTROL_ID).orElse("?")
                + ", version=" + m.get(Metadata.VERSION).orElse("?") + ", segments=" + count + ", chars=" + text.length() + "]";
    }
}
