package io.promptwave.server.service;

import io.promptwave.core.artifact.PromptInfo;
import io.promptwave.core.artifact.PromptDecoding;
import io.promptwave.core.decode.DecodingOptions;
import io.promptwave.core.text.CharNgramModel;
import io.promptwave.core.registry.PromptLease;
import io.promptwave.core.registry.UnknownPromptException;
import io.promptwave.server.ServedModels;
import io.promptwave.server.metrics.ServerMetrics;
import io.promptwave.server.scheduler.BatchScheduler;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every service shares: the models, the scheduler, the metrics, the limits, and the checks
 * that turn a request's prompt and decoding fields into something the model can run.
 *
 * @param models the backbone and its prompts
 * @param scheduler the batcher
 * @param metrics the measurements
 * @param limits the server's limits
 * @param timers runs the streams' idle and duration checks; owned by the server
 */
public record ServiceContext(ServedModels models, BatchScheduler scheduler, ServerMetrics metrics,
        ServiceLimits limits, ScheduledExecutorService timers) {

    /**
     * @param reference {@code name}, {@code name@version}, or empty for the bare base
     * @param task the task the caller wants ({@code asr} or {@code slots})
     * @return a lease (null for the bare base); the caller closes it when its work is done
     * @throws UnknownPromptException when no such prompt is loaded
     * @throws BadRequestException when the prompt was trained for another task
     */
    PromptLease lease(String reference, String task) throws UnknownPromptException, BadRequestException {
        if (reference.isEmpty()) {
            if (task.equals("slots")) {
                throw new BadRequestException(BadRequestException.Reason.INVALID,
                        "understanding needs a prompt trained with --task slots: set prompt");
            }
            return null;
        }
        PromptLease lease = models.registry().lease(reference);
        PromptInfo info = lease.info();
        if (!info.task().equals(task)) {
            lease.close();
            throw new BadRequestException(BadRequestException.Reason.WRONG_TASK, "prompt " + info.id()
                    + " was trained for the " + info.task() + " task; "
                    + (task.equals("slots") ? "Understanding needs a slots prompt"
                            : task.equals("ocr") ? "Reader needs an ocr prompt"
                            : info.task().equals("ocr") ? "use the Reader service" : "use the Understanding service"));
        }
        return lease;
    }

    /**
     * @param beam the request's beam size, if set
     * @param ctcWeight the request's CTC weight, if set
     * @param lease the request's prompt, or null; a decoding it records replaces the server's default (the
     *     serve command's flags) as a whole: it was chosen on the prompt's dev data
     * @return the prompt's or else the server's decoding with the request's changes
     * @throws BadRequestException when a value is out of range
     */
    DecodingOptions decoding(Optional<Integer> beam, Optional<Double> ctcWeight, PromptLease lease)
            throws BadRequestException {
        DecodingOptions served = models.defaultDecoding();
        PromptDecoding recommended = lease == null ? null : lease.info().decoding();
        // a prompt that brings its own language model (a new language's spelling) fuses that one instead
        CharNgramModel lm = lease != null && lease.languageModel() != null ? lease.languageModel()
                : served.languageModel();
        DecodingOptions base = recommended == null ? served : recommended.search(lm);
        int k = beam.orElse(base.beamSize());
        if (beam.isEmpty() && recommended != null && k > limits.maxBeamSize()) {
            throw new BadRequestException(BadRequestException.Reason.INVALID, "prompt " + lease.info().id()
                    + " records a beam of " + k + ", wider than this server allows (" + limits.maxBeamSize()
                    + "): set config.beam_size");
        }
        if (k < 1 || k > limits.maxBeamSize()) {
            throw new BadRequestException(BadRequestException.Reason.INVALID, "config.beam_size must be 1 to "
                    + limits.maxBeamSize() + ", got " + k);
        }
        double w = ctcWeight.orElse(base.ctcWeight());
        if (!(w >= 0 && w <= 1)) {
            throw new BadRequestException(BadRequestException.Reason.INVALID,
                    "config.ctc_weight must be 0 to 1, got " + w);
        }
        if (w > 0 && !models.model().backbone().hasCtcHead()) {
            w = 0;
        }
        try {
            return DecodingOptions.builder().optBeamSize(k).optCtcWeight(w)
                    .optLengthNormalization(base.lengthNormalization())
                    .optLanguageModel(lm, lm == null ? 0 : base.lmWeight()).build();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(BadRequestException.Reason.INVALID, "config: " + e.getMessage());
        }
    }

    /**
     * @param requested the request's language, or empty
     * @param lease the prompt, or null
     * @return the language token to decode with
     * @throws BadRequestException when the base does not know it
     */
    String language(String requested, PromptLease lease) throws BadRequestException {
        String language = !requested.isEmpty() ? requested : lease != null ? lease.info().decodingLanguage() : "en";
        if (!models.model().vocabulary().languages().contains(language)) {
            throw new BadRequestException(BadRequestException.Reason.INVALID, "config.language: the model knows "
                    + models.model().vocabulary().languages() + ", not '" + language + "'");
        }
        return language;
    }
}
