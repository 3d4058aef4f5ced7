package io.promptwave.cli;

import io.promptwave.corpus.synth.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar with an ETA on stderr. On a terminal it redraws one line at most every half
 * second; otherwise (a log file, CI) it prints a line at every tenth of the work.
 */
final class ProgressBar implements ProgressListener {
    private final PrintWriter err;
    private final String label;
    private final boolean terminal = System.console() != null;
    private int total;
    private int done;
    private int startDone;
    private long startNanos;
    private long lastDraw;
    private int lastTenth = -1;

    ProgressBar(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public synchronized void started(int total, int alreadyDone) {
        this.total = total;
        this.done = alreadyDone;
        this.startDone = alreadyDone;
        this.startNanos = System.nanoTime();
        if (alreadyDone > 0) {
            err.printf(Locale.ROOT, "%s: resuming, %d of %d already done%n", label, alreadyDone, total);
        }
        draw(true);
    }

    @Override
    public synchronized void finished(int count) {
        done += count;
        draw(done == total);
    }

    private void draw(boolean force) {
        long now = System.nanoTime();
        int tenth = total == 0 ? 10 : done * 10 / total;
        if (terminal ? !force && now - lastDraw < 500_000_000L : tenth == lastTenth && !force) {
            return;
        }
        lastDraw = now;
        lastTenth = tenth;
        double elapsed = (now - startNanos) / 1e9;
        int fresh = done - startDone;
        String eta = fresh == 0 ? "--:--" : clock(elapsed / fresh * (total - done));
        int width = 30;
        int filled = total == 0 ? width : done * width / total;
        String line = String.format(Locale.ROOT, "%s [%s%s] %d/%d  %s elapsed, ETA %s", label, "=".repeat(filled),
                " ".repeat(width - filled), done, total, clock(elapsed), eta);
        err.print(terminal ? "\r" + line + (done == total ? "\n" : "") : line + "\n");
        err.flush();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
