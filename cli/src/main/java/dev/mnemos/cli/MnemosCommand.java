package dev.mnemos.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The {@code mnemos} command: an operating system for agent memory. */
@TopCommand
@Command(
        name = "mnemos",
        mixinStandardHelpOptions = true,
        version = "mnemos 0.1.0",
        description = "An operating system for agent memory.",
        subcommands = {ChatCommand.class, GenerateCommand.class, TokenizeCommand.class, BenchCommand.class, EvalCommand.class, McpCommand.class, ServeCommand.class})
public class MnemosCommand {}
