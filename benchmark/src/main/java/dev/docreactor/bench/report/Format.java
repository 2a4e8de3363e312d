package dev.docreactor.bench.report;

import java.util.Locale;

/** Number formatting shared by the table, the chart and the Markdown. */
public final class Format {

    private Format() {
    }

    /**
     * A figure with about three significant digits: {@code 12345.6 -> "12346"}, {@code 12.345 -> "12.3"},
     * {@code 0.81234 -> "0.812"}; null as {@code "-"}.
     */
    public static String number(Double value) {
        if (value == null || value.isNaN()) {
            return "-";
        }
        double abs = Math.abs(value);
        if (abs >= 100 || value == Math.rint(value) && abs < 1e15) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** A number without trailing zeros: {@code 0.8 -> "0.8"}, {@code 1024.0 -> "1024"}. */
    public static String plain(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** A ratio with two decimals and an {@code x}: {@code 0.8123 -> "0.81x"}; null as {@code "-"}. */
    public static String ratio(Double value) {
        return value == null || value.isNaN() ? "-" : String.format(Locale.ROOT, "%.2fx", value);
    }

    /** Bytes as MiB with no decimals. */
    public static double mib(long bytes) {
        return Math.round(bytes / (1024.0 * 1024.0) * 10) / 10.0;
    }
}
