package org.envbench.http.host;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes and percentages as people write them on a command line: {@code 512m}, {@code 1g}, {@code 2%}. */
public final class Quantities {

    private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?",
            Pattern.CASE_INSENSITIVE);

    private Quantities() {
    }

    /** Bytes from 512m, 1g, 1.5GiB or a plain number of bytes. */
    public static long parseMemory(String text) {
        Matcher matcher = MEMORY.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("--memory must be a size such as 512m or 1g, got '" + text + "'");
        }
        double value = Double.parseDouble(matcher.group(1));
        int shift = switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long bytes = (long) (value * (1L << shift));
        if (bytes < 64L << 20) {
            throw new IllegalArgumentException("--memory must be at least 64m for a JVM, got '" + text + "'");
        }
        return bytes;
    }

    /** A share from "2%", "2" (percent), above 0 and below 100; IllegalArgumentException otherwise. */
    public static double parsePercent(String text, String option) {
        return parsePercent(text, option, false);
    }

    /** A share from "5%", "5" (percent) or "0%", from 0 and below 100; IllegalArgumentException otherwise. */
    public static double parsePercentOrZero(String text, String option) {
        return parsePercent(text, option, true);
    }

    private static double parsePercent(String text, String option, boolean zeroAllowed) {
        String number = text.strip().endsWith("%") ? text.strip().substring(0, text.strip().length() - 1)
                : text.strip();
        try {
            double value = Double.parseDouble(number);
            if ((zeroAllowed ? value >= 0 : value > 0) && value < 100) {
                return value / 100;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new IllegalArgumentException(option + (zeroAllowed ? " takes a percentage from 0 to 100 such as 5%"
                : " takes a percentage above 0 and below 100 such as 2%") + ", got '" + text + "'");
    }
}
