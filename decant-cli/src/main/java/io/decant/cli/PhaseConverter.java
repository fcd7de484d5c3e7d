package io.decant.cli;

import io.decant.Phase;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** Reads a phase name as {@link Phase#parse} does (case and '-' vs '_' do not matter). */
final class PhaseConverter implements CommandLine.ITypeConverter<Phase> {
    @Override
    public Phase convert(String value) {
        return Phase.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                "'" + value + "' is not a phase; phases are "
                        + Arrays.stream(Phase.values()).map(Phase::name).collect(Collectors.joining(", "))));
    }
}
