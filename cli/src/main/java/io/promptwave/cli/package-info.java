/**
 * The {@code promptwave} command: one picocli subcommand per job. Exit codes are 0 on success, 2
 * on bad usage and 1 when an input failed, with one line per problem on stderr and a stack trace
 * only under {@code --verbose}.
 */
package io.promptwave.cli;
