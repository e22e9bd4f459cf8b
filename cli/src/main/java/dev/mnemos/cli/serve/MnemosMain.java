package dev.mnemos.cli.serve;

import dev.mnemos.cli.MnemosCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

/**
 * The entry point of {@code mnemos}. Quarkus starts its HTTP server before any command runs, so
 * whether it listens must be decided before Quarkus starts: only {@code mnemos serve} opens a port
 * ({@link ServeSwitch}); every other command runs with the HTTP host disabled.
 */
@QuarkusMain
public class MnemosMain implements QuarkusApplication {

    @Inject
    CommandLine.IFactory factory;

    public static void main(String... args) {
        ServeSwitch.properties(args).forEach(System::setProperty);
        Quarkus.run(MnemosMain.class, args);
    }

    @Override
    public int run(String... args) {
        return new CommandLine(MnemosCommand.class, factory).execute(args);
    }
}
