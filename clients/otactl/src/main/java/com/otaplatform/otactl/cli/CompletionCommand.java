package com.otaplatform.otactl.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code otactl completion}: prints the bash (and zsh) completion script. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the bash completion script of otactl.",
                "Use: source <(otactl completion)   or   otactl completion > /etc/bash_completion.d/otactl"})
public final class CompletionCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    CompletionCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        context.out().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        context.out().flush();
        return 0;
    }
}
