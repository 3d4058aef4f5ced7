package io.promptwave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.promptwave.core.train.TrainingListener.StepReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

    private static StepReport step(int epoch, int batch, double ctc, double seconds) {
        return new StepReport(epoch, (epoch - 1) * 10L + batch, batch, 10, 2.5, ctc, 2.0, 1e-3, 0.5, 12_000, seconds);
    }

    private static List<String> lines(StringWriter out) {
        return out.toString().lines().toList();
    }

    @Test
    void theEtaFollowsThePaceOfTheEpochAndCountsTheEpochsLeft() {
        StringWriter out = new StringWriter();
        PretrainCommand.ProgressReporter reporter = new PretrainCommand.ProgressReporter(new PrintWriter(out),
                "pretrain", 3);
        for (int batch = 1; batch <= 10; batch++) {
            reporter.onStep(step(1, batch, 3.0, 2.0 * batch)); // 2 s a batch; only the first and last print
        }
        assertEquals(List.of(
                "epoch 1 [==                  ] 1/10  step 1  loss 2.500 (ctc 3.000, att 2.000)  lr 1.00e-03  12,000 "
                        + "frames/s  0:00:02",
                "epoch 1 [====================] 10/10  step 10  loss 2.500 (ctc 3.000, att 2.000)  lr 1.00e-03  12,000 "
                        + "frames/s  0:00:20, ETA epoch 0:00:00, run 0:00:40"), lines(out));
    }

    @Test
    void aResumedRunHasNoPaceUntilItsSecondStepAndARunWithoutCtcShowsNone() {
        StringWriter out = new StringWriter();
        PretrainCommand.ProgressReporter reporter = new PretrainCommand.ProgressReporter(new PrintWriter(out),
                "adapt", 3);
        reporter.onStep(step(2, 5, Double.NaN, 600)); // resumed mid-epoch: the time before is another process's
        reporter.onStep(step(2, 10, Double.NaN, 630)); // 6 s a batch since
        assertEquals(List.of(
                "epoch 2 [==========          ] 5/10  step 15  loss 2.500 (att 2.000)  lr 1.00e-03  12,000 frames/s  "
                        + "0:10:00",
                "epoch 2 [====================] 10/10  step 20  loss 2.500 (att 2.000)  lr 1.00e-03  12,000 frames/s  "
                        + "0:10:30, ETA epoch 0:00:00, run 0:01:00"), lines(out));
    }

    @Test
    void theClosingLineSaysWhenThereIsNoDevScoreYet() {
        assertEquals("best dev CER 12.34 %", PretrainCommand.bestDev("CER", 0.1234));
        // the pseudo-language stage has no dev set; a run paused before its first epoch has none yet
        assertEquals("no dev score yet", PretrainCommand.bestDev("CER", Double.POSITIVE_INFINITY));
    }
}
