package com.otaplatform.otactl.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** A command that only groups subcommands: without one it is a usage error. */
public abstract class GroupCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand of '" + spec.qualifiedName() + "': one of "
                + String.join(", ", spec.subcommands().keySet()) + ".");
    }
}
