package dev.flywheel.local.cli;

import dev.flywheel.local.load.LoadCommand;
import dev.flywheel.local.capacity.CapacityCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line behind {@code ./flywheel}: one subcommand per job. */
@Command(name = "flywheel", mixinStandardHelpOptions = true, version = "flywheel 0.1.0",
        description = "Flywheel on one machine: AWS Lambda, SQS and API Gateway semantics on localhost, no cloud account, no Docker.",
        subcommands = {UpCommand.class, DemoCommand.class, InvokeCommand.class, TokenCommand.class, TraceCommand.class, LoadCommand.class, CapacityCommand.class,
                BenchCommand.class, BenchThroughputCommand.class, BenchDynamoDbCommand.class, ResetCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) throws Exception {
        if (Supervisor.shouldSupervise(args)) System.exit(Supervisor.run(args));
        int exit = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        // the commands that run functions leave SDK and HTTP threads behind: end the JVM with the command's status
        System.exit(exit);
    }
}
