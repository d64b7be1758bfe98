package com.otaplatform.otactl.cli;

import com.otaplatform.otactl.OtactlRunner;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command, found by walking the command tree, answers --help with its usage and exit 0. */
class HelpTest {
    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everyCommandHasHelp() {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        CommandLine root = CommandLines.create(new CliContext(Map.of(), sink, sink));
        List<List<String>> paths = new ArrayList<>();
        collect(root, new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(20);
        return paths.stream().map(path -> DynamicTest.dynamicTest("otactl " + String.join(" ", path) + " --help", () -> {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            OtactlRunner.Result r = new OtactlRunner(dir).run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("Usage: otactl" + (path.isEmpty() ? "" : " " + String.join(" ", path)));
            assertThat(r.out()).contains("--help");
        }));
    }

    private static void collect(CommandLine cmd, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        cmd.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().aliases().equals(new String[0]) && !sub.getCommandName().equals(name)) {
                return; // an alias of a command already walked
            }
            if (!sub.getCommandName().equals(name)) {
                return;
            }
            List<String> p = new ArrayList<>(path);
            p.add(name);
            collect(sub, p, out);
        });
    }

    @TestFactory
    Stream<DynamicTest> commandsThatPrintDataOfferJson() {
        return Stream.of("artifact list", "artifact show", "release create", "release list", "release show", "rollout create",
                        "rollout list", "rollout status", "rollout start", "rollout pause", "rollout resume", "rollout abort",
                        "rollout advance", "rollout rollback", "rollout dry-run", "rollout watch", "push", "config show", "whoami",
                        "release sign", "signing staged", "signing fetch",
                        "vehicle register", "vehicle reprovision", "vehicle list", "vehicle show", "vehicle history", "vehicle versions")
                .map(cmd -> DynamicTest.dynamicTest(cmd, () -> {
                    List<String> args = new ArrayList<>(List.of(cmd.split(" ")));
                    args.add("--help");
                    OtactlRunner.Result r = new OtactlRunner(dir).run(args.toArray(String[]::new));
                    assertThat(r.out()).contains("--output=FORMAT");
                }));
    }
}
