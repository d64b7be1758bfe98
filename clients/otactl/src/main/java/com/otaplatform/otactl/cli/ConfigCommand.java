package com.otaplatform.otactl.cli;

import com.otaplatform.otactl.auth.TokenProvider;
import com.otaplatform.otactl.config.OtactlConfig;
import com.otaplatform.otactl.output.ProtoJson;
import com.otaplatform.otactl.output.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code otactl config}: the resolved settings. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Show otactl's settings.",
                "Settings come from config.properties in the config dir ($OTACTL_CONFIG_DIR, default ~/.config/otactl), "
                        + "overridden by environment variables OTACTL_<KEY> (artifact.endpoint -> OTACTL_ARTIFACT_ENDPOINT)."},
        subcommands = ConfigCommand.Show.class)
public final class ConfigCommand extends GroupCommand {

    /** {@code otactl config show}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show every setting, its value and where it came from.")
    static final class Show implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        OutputOption output;

        Show(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            OtactlConfig config = context.config();
            String auth = switch (TokenProvider.modeOf(context.env())) {
                case STATIC_TOKEN -> "access token from OTACTL_TOKEN";
                case CLIENT_CREDENTIALS -> "client credentials of " + context.env().get(TokenProvider.ENV_CLIENT_ID) + " (OTACTL_CLIENT_ID)";
                case PASSWORD_FOR_TESTS -> "password grant of " + context.env().get(TokenProvider.ENV_USERNAME) + " (tests only)";
                case STORED_LOGIN -> "stored login (" + context.credentialStore().file()
                        + (Files.exists(context.credentialStore().file()) ? ")" : ", absent: run `otactl login`)");
            };
            if (output.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("config_dir", config.dir().toString());
                json.put("config_file", config.file().toString());
                Map<String, Object> settings = new LinkedHashMap<>();
                for (OtactlConfig.Setting s : config.settings()) {
                    settings.put(s.key(), Map.of("value", s.value(), "source", s.source().name().toLowerCase(), "env", OtactlConfig.envName(s.key())));
                }
                json.put("settings", settings);
                json.put("auth", auth);
                context.out().println(ProtoJson.write(json));
                return 0;
            }
            context.out().println("config dir:  " + config.dir());
            context.out().println("config file: " + config.file() + (Files.isRegularFile(config.file()) ? "" : " (absent)"));
            context.out().println("auth:        " + auth);
            context.out().println();
            TextTable table = new TextTable("KEY", "VALUE", "SOURCE", "ENV OVERRIDE");
            for (OtactlConfig.Setting s : config.settings()) {
                table.row(s.key(), s.value(), s.source().name().toLowerCase(), OtactlConfig.envName(s.key()));
            }
            table.print(context.out());
            return 0;
        }
    }
}
