package com.otaplatform.otactl.cli.rollout;

import com.otaplatform.otactl.cli.CliContext;
import com.otaplatform.rollout.v1.CreateRolloutRequest;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.OutputStream;
import java.util.Map;

/** Parses a {@code rollout create} command line and returns the request it would send, without sending it. */
public final class CreateRolloutCommandAccess {
    public CreateRolloutRequest request(String... args) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        CreateRolloutCommand command = new CreateRolloutCommand(new CliContext(Map.of(), sink, sink));
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return command.request();
    }
}
