package io.promptwave.server.service;

import io.promptwave.api.v1.Intent;
import io.promptwave.api.v1.PromptRef;
import io.promptwave.api.v1.RecognitionAlternative;
import io.promptwave.api.v1.SlotValue;
import io.promptwave.api.v1.UnderstandingResult;
import io.promptwave.api.v1.WordInfo;
import io.promptwave.core.artifact.PromptInfo;
import io.promptwave.core.decode.Transcript;
import io.promptwave.core.decode.Word;
import io.promptwave.core.registry.PromptLease;
import io.promptwave.core.slots.Understanding;

/** prompt-core's results as API messages. */
final class Results {
    private Results() {
    }

    static RecognitionAlternative alternative(Transcript t, boolean times, boolean confidences) {
        RecognitionAlternative.Builder b = RecognitionAlternative.newBuilder().setText(t.text())
                .setConfidence((float) t.confidence());
        for (Word w : t.words()) {
            WordInfo.Builder word = WordInfo.newBuilder().setText(w.text());
            if (times && Double.isFinite(w.start())) {
                word.setStartSeconds(w.start()).setEndSeconds(w.end());
            }
            if (confidences) {
                word.setConfidence((float) w.confidence());
            }
            b.addWords(word);
        }
        return b.build();
    }

    static RecognitionAlternative shifted(RecognitionAlternative a, double offset) {
        RecognitionAlternative.Builder b = a.toBuilder().clearWords();
        for (WordInfo w : a.getWordsList()) {
            b.addWords(w.getEndSeconds() == 0 ? w : w.toBuilder().setStartSeconds(w.getStartSeconds() + offset)
                    .setEndSeconds(w.getEndSeconds() + offset).build());
        }
        return b.build();
    }

    static UnderstandingResult understanding(Understanding u, int maxIntents, double offset) {
        UnderstandingResult.Builder b = UnderstandingResult.newBuilder().setText(u.text())
                .setIntent(Intent.newBuilder().setName(u.intent()).setConfidence((float) u.intentConfidence()))
                .setScenario(u.scenario()).setAction(u.action()).addAllProblems(u.problems());
        u.intentRanking().stream().limit(maxIntents).forEach(r -> b.addIntentRanking(
                Intent.newBuilder().setName(r.name()).setConfidence((float) r.confidence())));
        for (Understanding.FilledSlot s : u.slots()) {
            SlotValue.Builder slot = SlotValue.newBuilder().setType(s.type()).setValue(s.value()).setStart(s.start())
                    .setEnd(s.end()).setConfidence((float) s.confidence());
            if (Double.isFinite(s.audioStart())) {
                slot.setAudioStartSeconds(s.audioStart() + offset).setAudioEndSeconds(s.audioEnd() + offset);
            }
            b.addSlots(slot);
        }
        return b.build();
    }

    static PromptRef ref(PromptLease lease) {
        if (lease == null) {
            return PromptRef.getDefaultInstance();
        }
        PromptInfo info = lease.info();
        return PromptRef.newBuilder().setName(info.name()).setVersion(info.version()).build();
    }
}
