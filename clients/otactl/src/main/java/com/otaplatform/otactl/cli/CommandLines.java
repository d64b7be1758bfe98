package com.otaplatform.otactl.cli;

import com.otaplatform.otactl.errors.ErrorMapper;
import com.otaplatform.otactl.errors.ExitCode;
import picocli.CommandLine;

import java.lang.reflect.Constructor;

/** Builds the picocli command tree with otactl's factory, streams and error handling. */
public final class CommandLines {
    private CommandLines() {
    }

    public static CommandLine create(CliContext context) {
        CommandLine cl = new CommandLine(new RootCommand(), new ContextFactory(context));
        cl.setOut(context.out());
        cl.setErr(context.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CommandLine.ParameterException pe) {
                return usageError(pe, context);
            }
            ErrorMapper.Failure failure = ErrorMapper.map(ex);
            context.err().println("otactl: " + failure.message());
            if (context.debug() || failure.exitCode() == ExitCode.UNEXPECTED) {
                if (context.debug()) {
                    ex.printStackTrace(context.err());
                } else {
                    context.err().println("(set OTACTL_DEBUG=1 for the stack trace)");
                }
            }
            context.err().flush();
            return failure.exitCode();
        });
        cl.setParameterExceptionHandler((ex, args) -> usageError(ex, context));
        return cl;
    }

    private static int usageError(CommandLine.ParameterException ex, CliContext context) {
        CommandLine cmd = ex.getCommandLine();
        context.err().println("otactl: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, context.err());
        context.err().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        context.err().flush();
        return ExitCode.USAGE;
    }

    /** Gives commands that want it the {@link CliContext} through their constructor. */
    static final class ContextFactory implements CommandLine.IFactory {
        private final CliContext context;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        ContextFactory(CliContext context) {
            this.context = context;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                Constructor<K> constructor = cls.getDeclaredConstructor(CliContext.class);
                constructor.setAccessible(true);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException e) {
                return fallback.create(cls);
            }
        }
    }
}
