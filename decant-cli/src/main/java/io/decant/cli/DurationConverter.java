package io.decant.cli;

import io.decant.DecantException;
import io.decant.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Reads a duration written {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value, "duration");
        } catch (DecantException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration; write it like 500ms, 30s, 5m or 1h");
        }
    }
}
