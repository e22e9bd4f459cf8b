package dev.mnemos.cli.serve;

import dev.mnemos.cli.ServeCommand;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Turns a {@code mnemos serve} command line into the Quarkus settings it needs before Quarkus
 * starts: the HTTP host enabled on {@code --host}/{@code --port}, and the serve options as
 * {@code mnemos.serve.*} properties. Any other command line (and {@code serve --help}) gives nothing, so its HTTP host stays
 * disabled (application.properties).
 */
public final class ServeSwitch {

    private ServeSwitch() {}

    public static Map<String, String> properties(String... args) {
        if (args.length == 0 || !args[0].equals("serve")) {
            return Map.of();
        }
        ServeCommand serve = new ServeCommand();
        try {
            CommandLine.ParseResult parsed = new CommandLine(serve).parseArgs(Arrays.copyOfRange(args, 1, args.length));
            if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
                return Map.of();
            }
        } catch (CommandLine.ParameterException e) {
            return Map.of(); // the real run reports it
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.host-enabled", "true");
        properties.put("quarkus.http.host", serve.host);
        properties.put("quarkus.http.port", Integer.toString(serve.port));
        if (serve.dataDir != null) {
            properties.put("mnemos.serve.data-dir", serve.dataDir.toString());
        }
        if (serve.model != null) {
            properties.put("mnemos.serve.model", serve.model.toString());
        }
        properties.put("mnemos.serve.device", serve.device);
        return properties;
    }
}
