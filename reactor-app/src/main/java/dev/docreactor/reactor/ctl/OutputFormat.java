package dev.docreactor.reactor.ctl;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How reactorctl prints results: for people ({@code text}) or for scripts ({@code json}). */
public enum OutputFormat {
    /** Short human-readable lines. */
    TEXT,
    /** One JSON document (or one JSON object per line for streams) per result. */
    JSON;

    /** Parses {@code text} or {@code json}, in any case. */
    static final class Converter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return OutputFormat.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not an output format; use text or json");
            }
        }
    }
}
