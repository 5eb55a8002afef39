package io.conduit.hl7v2.parse;

/**
 * An HL7 v2 version number from MSH-12, comparable: {@code 2.3.1} is before {@code 2.4}.
 *
 * @param major always 2 for v2
 * @param minor 1 to 8
 * @param patch 0 when absent ({@code 2.5} is {@code 2.5.0})
 */
public record Hl7Version(int major, int minor, int patch) implements Comparable<Hl7Version> {

    /** Used for ACKs to unreadable content, and as the reference the rule tables were taken from. */
    public static final Hl7Version V2_5 = new Hl7Version(2, 5, 0);

    /** The version in {@code text} (e.g. {@code 2.5.1}), or {@link #V2_5} when it is not a version number. */
    public static Hl7Version parseOrDefault(String text) {
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length < 2 || parts.length > 3) {
            return V2_5;
        }
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            int patch = parts.length == 3 ? Integer.parseInt(parts[2]) : 0;
            return new Hl7Version(major, minor, patch);
        } catch (NumberFormatException e) {
            return V2_5;
        }
    }

    /** Whether this version is before {@code other}. */
    public boolean isBefore(Hl7Version other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(Hl7Version other) {
        if (major != other.major) {
            return Integer.compare(major, other.major);
        }
        if (minor != other.minor) {
            return Integer.compare(minor, other.minor);
        }
        return Integer.compare(patch, other.patch);
    }

    @Override
    public String toString() {
        return patch == 0 ? major + "." + minor : major + "." + minor + "." + patch;
    }
}
