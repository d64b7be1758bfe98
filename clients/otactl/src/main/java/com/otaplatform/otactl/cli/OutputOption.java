package com.otaplatform.otactl.cli;

import picocli.CommandLine.Option;

/** {@code -o/--output text|json}, mixed into every command that prints data. */
public final class OutputOption {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). JSON is protobuf's canonical JSON mapping.")
    OutputFormat format = OutputFormat.text;

    public boolean json() {
        return format == OutputFormat.json;
    }

    public OutputFormat format() {
        return format;
    }
}
