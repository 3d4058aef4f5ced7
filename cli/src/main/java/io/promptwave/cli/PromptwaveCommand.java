package io.promptwave.cli;

/** placeholder replaced below */
public final class PromptwaveCommand {
    private PromptwaveCommand() {
    }

    public static void main(String[] args) {
    }
}
